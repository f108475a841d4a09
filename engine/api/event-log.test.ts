import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log';

describe('EventLog', () => {
  it('numbers each stream on its own, from 1', () => {
    const log = new EventLog();
    expect(log.append('a', 'x').seq).toBe(1);
    expect(log.append('b', 'y').seq).toBe(1);
    expect(log.append('a', 'z').seq).toBe(2);
    expect(log.lastSeq('a')).toBe(2);
    expect(log.lastSeq('never')).toBe(0);
  });

  it('replays exactly the events after a sequence number', () => {
    const log = new EventLog(10);
    for (let i = 1; i <= 8; i++) log.append('s', i);
    const replay = log.since('s', 5);
    expect(replay.kind === 'events' && replay.events.map((e) => e.payload)).toEqual([6, 7, 8]);
    const none = log.since('s', 8);
    expect(none.kind === 'events' && none.events).toEqual([]);
  });

  it('reports a gap once the ring no longer holds what was missed', () => {
    const log = new EventLog(5);
    for (let i = 1; i <= 12; i++) log.append('s', i);
    expect(log.since('s', 6)).toEqual({ kind: 'gap', resumedAt: 12 });
    const held = log.since('s', 7);
    expect(held.kind === 'events' && held.events.map((e) => e.seq)).toEqual([8, 9, 10, 11, 12]);
  });

  it('reports a gap to a client that is ahead of the engine (it saw an earlier run)', () => {
    const log = new EventLog();
    log.append('s', 1);
    expect(log.since('s', 40)).toEqual({ kind: 'gap', resumedAt: 1 });
    expect(log.since('unknown', 3)).toEqual({ kind: 'gap', resumedAt: 0 });
    expect(log.since('unknown', 0)).toEqual({ kind: 'events', events: [] });
  });
});
