import { describe, expect, it, vi } from 'vitest';
import type { RegimeHistory, RegimeState, SeriesKey } from '../../engine-client/api-types';
import { EngineClient } from '../../engine-client/engine-client';
import { FakeTransport } from '../../testing/fake-transport';
import type { BandData } from './regime-band-data';
import { startRegimeBandFeed, type BandSink } from './regime-band-feed';

const key: SeriesKey = { venue: 'sim', symbol: 'BTC/USDT', timeframe: '1m' };

function history(modelId: string, times: number[]): RegimeHistory {
  return { modelId, labels: ['range', 'stress'], time: times, probabilities: [times.map(() => 0.7), times.map(() => 0.3)], stored: 0, recomputed: times.length };
}

function state(time: number, modelId = 'm1', series: SeriesKey = key): RegimeState {
  return {
    ...series,
    time,
    receivedAt: time,
    modelId,
    labels: ['range', 'stress'],
    probabilities: [0.4, 0.6],
    regime: 'stress',
    confidence: 0.6,
    expectedDuration: 5,
    transitions: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
  };
}

class RecordingBand implements BandSink {
  band: BandData | null = null;
  loads = 0;
  updates = 0;
  setBand(band: BandData | null): void {
    this.loads++;
    this.band = band ? { ...band, time: [...band.time] } : null;
  }
  updateLast(band: BandData): void {
    this.updates++;
    this.band = { ...band, time: [...band.time] };
  }
}

function setup() {
  const transport = new FakeTransport();
  const client = new EngineClient(transport);
  client.start();
  transport.welcome();
  const sink = new RecordingBand();
  const errors: (string | null)[] = [];
  const stop = startRegimeBandFeed(client, sink, key, (e) => errors.push(e));
  let seq = 0;
  const event = (s: RegimeState): void => transport.deliver({ type: 'event', stream: 'regime.state', seq: ++seq, payload: s });
  const answer = (result: RegimeHistory): void => {
    const call = transport.lastCall();
    expect(call.method).toBe('regime.history');
    transport.deliver({ type: 'result', id: call.id, result });
  };
  const reject = (type: string, message: string): void => {
    transport.deliver({ type: 'error', id: transport.lastCall().id, error: { type, message } });
  };
  return { transport, sink, errors, stop, event, answer, reject };
}

describe('startRegimeBandFeed', () => {
  it('loads the band, applies live states of its series only, and holds those that arrive during the load', async () => {
    const { transport, sink, event, answer } = setup();
    expect(transport.lastCall().params).toEqual({ series: key, limit: 20_000 });
    event(state(120_000)); // arrives while the load runs
    answer(history('m1', [0, 60_000]));
    await vi.waitFor(() => expect(sink.band?.time).toEqual([0, 60_000, 120_000]));
    event(state(180_000));
    event(state(240_000, 'm1', { ...key, timeframe: '5m' }));
    event(state(240_000, 'm1', { ...key, symbol: 'ETH/USDT' }));
    expect(sink.band?.time).toEqual([0, 60_000, 120_000, 180_000]);
    expect(sink.loads).toBe(1);
  });

  it('reloads when a state comes from a newly fitted model, and after a gap in the stream', async () => {
    const { transport, sink, event, answer } = setup();
    answer(history('m1', [0]));
    await vi.waitFor(() => expect(sink.loads).toBe(1));
    event(state(60_000, 'm2'));
    answer(history('m2', [0, 60_000]));
    await vi.waitFor(() => expect(sink.band?.modelId).toBe('m2'));
    transport.deliver({ type: 'gap', stream: 'regime.state', after: 1, resumedAt: 5 });
    answer(history('m2', [0, 60_000, 120_000]));
    await vi.waitFor(() => expect(sink.band?.time).toHaveLength(3));
  });

  it('stays empty without a model, draws once one is fitted, and reports other errors', async () => {
    const { sink, errors, event, answer, reject } = setup();
    reject('NotFoundError', 'no regime model for sim BTC/USDT 1m yet');
    await vi.waitFor(() => expect(errors).toEqual([null]));
    expect(sink.band).toBeNull();
    event(state(60_000, 'm1'));
    reject('StoreError', 'a stored regime model cannot be read');
    await vi.waitFor(() => expect(errors.at(-1)).toBe('a stored regime model cannot be read'));
    event(state(120_000, 'm1'));
    answer(history('m1', [60_000, 120_000]));
    await vi.waitFor(() => expect(sink.band?.time).toEqual([60_000, 120_000]));
  });
});
