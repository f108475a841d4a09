import { describe, expect, it } from 'vitest';
import { makeRisk } from '../trading/trading-fixtures';
import { usageRows } from './risk-usage';

describe('risk usage rows', () => {
  it('measures each limit, warning from 80 % and marking a crossed one', () => {
    const rows = usageRows(
      makeRisk({
        usage: {
          equity: '10000.00000000',
          grossExposure: 16_500,
          netExposure: -2_000,
          leverage: 3.3,
          largestConcentration: { symbol: 'ETHUSDT', fraction: 0.02 },
          dailyPnl: 250,
          ordersLastMinute: 30,
          drawdown: 0.05,
        },
      }),
    );
    const byKey = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byKey.gross).toMatchObject({ share: 0.825, level: 'warn', text: '16,500 / 20,000' });
    expect(byKey.net).toMatchObject({ used: 2_000, level: 'ok', text: '-2,000 / 15,000' });
    expect(byKey.leverage).toMatchObject({ level: 'over', text: '3.30× / 3×' });
    expect(byKey.concentration).toMatchObject({ label: 'Concentration · ETHUSDT', level: 'ok', text: '2.0 % / 5.0 %' });
    // A winning day uses none of the loss limit.
    expect(byKey['daily-loss']).toMatchObject({ used: 0, level: 'ok' });
    expect(byKey.rate).toMatchObject({ level: 'over', text: '30 / 30' });
    expect(byKey.drawdown?.text).toBe('5.0 % / 20.0 % (reduce-only at 10.0 %)');
  });

  it('counts a losing day against the daily loss limit', () => {
    const risk = makeRisk();
    const rows = usageRows({ ...risk, usage: { ...risk.usage, dailyPnl: -450 } });
    expect(rows.find((r) => r.key === 'daily-loss')).toMatchObject({ used: 450, share: 0.9, level: 'warn' });
  });
});
