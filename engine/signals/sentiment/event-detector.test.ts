import { describe, expect, it } from 'vitest';
import { detectEvents } from './event-detector';

const types = (text: string): string[] => detectEvents(text).map((e) => e.type).sort();

describe('detectEvents', () => {
  it.each([
    ['Exchange hacked: $40M drained from hot wallet', ['hack']],
    ['DeFi protocol suffers $12M exploit', ['hack']],
    ['Coinbase will list Sui', ['listing']],
    ['Binance to delist three tokens next week', ['delisting']],
    ['Ripple partners with a major bank', ['partnership']],
    ['SEC sues exchange over unregistered securities', ['regulation']],
    ['Spot ether ETF approved', ['etf']],
    ['Mainnet launch delayed to Q2', ['delay', 'upgrade']],
    ['Ethereum hard fork scheduled', ['upgrade']],
    ['Fed holds rates as inflation cools; CPI at 2.4%', ['macro']],
    ['Bitcoin price steady', []],
  ])('%s → %j', (text, expected) => {
    expect(types(text)).toEqual([...expected].sort());
  });

  it('gives severity and the words that matched', () => {
    expect(detectEvents('Protocol exploited for $5M')).toEqual([{ type: 'hack', severity: 3, match: 'exploited' }]);
    expect(detectEvents('New MiCA compliance rules')[0]).toMatchObject({ type: 'regulation', severity: 2 });
  });
});
