import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, StrategyError } from '../core/errors';
import { tempDir } from '../testing/temp-dir';
import { followCloseStrategy } from '../testing/strategies';
import { replaySignals } from './replay';
import { StrategyRegistry } from './strategy-registry';
import { generateCandles } from '../testing/candles';

const goodModule = (name: string) => `
export const strategy = {
  name: '${name}',
  apiVersion: 1,
  description: 'buys every tenth bar',
  parameters: [{ name: 'every', kind: 'integer', default: 10, min: 1, max: 100, description: 'bars between signals' }],
  warmUp: () => 0,
  create: ({ params }) => {
    let n = 0;
    return { onCandle: () => (++n % params.every === 0 ? { direction: 'long', strength: 1, rationale: 'bar ' + n } : undefined) };
  },
};
`;

describe('StrategyRegistry', () => {
  let folder: { path: string; remove: () => void };
  beforeEach(() => {
    folder = tempDir('stratus-strategies-');
  });
  afterEach(() => folder.remove());

  it('finds built-ins by name and says which names exist when one is missing', () => {
    const registry = new StrategyRegistry([followCloseStrategy]);
    expect(registry.get('follow-close').origin).toBe('builtin');
    expect(() => registry.get('nope')).toThrow(NotFoundError);
    expect(() => registry.get('nope')).toThrow('no strategy named "nope"; known: follow-close');
  });

  it('refuses a broken built-in and a built-in registered twice', () => {
    expect(() => new StrategyRegistry([followCloseStrategy, followCloseStrategy])).toThrow('built-in strategy "follow-close" is registered twice');
    expect(() => new StrategyRegistry([{ ...followCloseStrategy, apiVersion: 2 as 1 }])).toThrow(/written for Strategy API version 2, this engine runs version 1/);
  });

  it('loads good user files and reports each bad one with its reason, without stopping the others', async () => {
    const files: Record<string, string> = {
      'a-good.mjs': goodModule('every-tenth'),
      'b-also-good.js': goodModule('every-other').replace('default: 10', 'default: 2'),
      'c-no-export.mjs': 'export const strat = {};\nexport default 1;\n',
      'd-old-api.mjs': goodModule('old-api').replace('apiVersion: 1', 'apiVersion: 0'),
      'e-duplicate.mjs': goodModule('every-tenth'),
      'f-builtin-clash.mjs': goodModule('follow-close'),
      'g-syntax.mjs': 'export const strategy = {\n  name: "broken",\n  apiVersion: 1,,\n};\n',
      'h-throws.mjs': 'throw new Error("cannot load config");\n',
      'i-bad-params.mjs': goodModule('bad-params').replace('default: 10', 'default: 1000'),
      'j-not-object.mjs': 'export const strategy = 42;\n',
      'notes.txt': 'not a strategy',
    };
    for (const [file, text] of Object.entries(files)) writeFileSync(join(folder.path, file), text);
    mkdirSync(join(folder.path, 'sub.mjs'));
    const registry = new StrategyRegistry([followCloseStrategy]);
    const report = await registry.loadUserFolder(folder.path);

    expect(report.loaded).toEqual(['every-tenth', 'every-other']);
    const errors = Object.fromEntries(report.errors.map((e) => [e.file, e.message]));
    expect(Object.keys(errors).sort()).toEqual([
      'c-no-export.mjs', 'd-old-api.mjs', 'e-duplicate.mjs', 'f-builtin-clash.mjs', 'g-syntax.mjs', 'h-throws.mjs', 'i-bad-params.mjs', 'j-not-object.mjs', 'sub.mjs',
    ]);
    expect(errors['c-no-export.mjs']).toBe('c-no-export.mjs: exports no `strategy` (it exports default, strat); write `export const strategy = { … }`');
    expect(errors['d-old-api.mjs']).toBe('d-old-api.mjs (strategy "old-api"): written for Strategy API version 0, this engine runs version 1');
    expect(errors['e-duplicate.mjs']).toBe('e-duplicate.mjs: strategy "every-tenth" is already defined by a-good.mjs');
    expect(errors['f-builtin-clash.mjs']).toBe('f-builtin-clash.mjs: strategy "follow-close" is already defined by a built-in strategy');
    expect(errors['g-syntax.mjs']).toMatch(/^g-syntax\.mjs: syntax error: /);
    expect(errors['h-throws.mjs']).toBe('h-throws.mjs: failed to load: cannot load config');
    expect(errors['i-bad-params.mjs']).toBe('i-bad-params.mjs (strategy "bad-params"): parameter "every" default: 1000 is outside [1, 100]');
    expect(errors['j-not-object.mjs']).toBe('j-not-object.mjs: the exported strategy must be an object');

    const user = registry.get('every-tenth');
    expect(user).toMatchObject({ origin: 'user', file: 'a-good.mjs' });
    const result = replaySignals({ series: { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' }, strategies: [{ definition: user.definition }], candles: generateCandles(30) });
    expect(result.signals.map((s) => s.rationale)).toEqual(['bar 10', 'bar 20', 'bar 30']);
  });

  it('reloads: an edited file is read again and a removed one disappears', async () => {
    const path = join(folder.path, 'mine.mjs');
    writeFileSync(path, goodModule('mine'));
    const registry = new StrategyRegistry([]);
    await registry.loadUserFolder(folder.path);
    expect(registry.get('mine').definition.parameters[0]).toMatchObject({ default: 10 });
    writeFileSync(path, goodModule('mine').replace('default: 10', 'default: 3'));
    await registry.loadUserFolder(folder.path);
    expect(registry.get('mine').definition.parameters[0]).toMatchObject({ default: 3 });
    writeFileSync(path, goodModule('renamed'));
    await registry.loadUserFolder(folder.path);
    expect(registry.has('mine')).toBe(false);
    expect(registry.names()).toEqual(['renamed']);
  });

  it('loads and runs the example of docs/strategy-api.md', async () => {
    const doc = readFileSync(new URL('../../docs/strategy-api.md', import.meta.url), 'utf8');
    const example = /```js\n([\s\S]*?)```/.exec(doc)![1]!;
    writeFileSync(join(folder.path, 'breakout.mjs'), example);
    const registry = new StrategyRegistry([]);
    expect(await registry.loadUserFolder(folder.path)).toMatchObject({ loaded: ['breakout'], errors: [] });
    const { signals, errors } = replaySignals({
      series: { venue: 'bybit', symbol: 'BTCUSDT', timeframe: '1m' },
      strategies: [{ definition: registry.get('breakout').definition, params: { bars: 10 } }],
      candles: generateCandles(2_000, { seed: 3 }),
    });
    expect(errors).toEqual([]);
    expect(signals.map((s) => s.direction).slice(0, 4)).toEqual(['long', 'flat', 'long', 'flat']);
    expect(signals[0]!.rationale).toMatch(/^close [\d.]+ broke the 10-bar high [\d.]+$/);
  });

  it('treats a missing folder as no user strategies', async () => {
    const registry = new StrategyRegistry([followCloseStrategy]);
    const report = await registry.loadUserFolder(join(folder.path, 'absent'));
    expect(report).toEqual({ folder: join(folder.path, 'absent'), loaded: [], errors: [] });
  });

  it('reports a folder that is a file', async () => {
    const file = join(folder.path, 'file');
    writeFileSync(file, '');
    const report = await new StrategyRegistry([]).loadUserFolder(file);
    expect(report.errors[0]!.message).toMatch(/^cannot read the strategies folder: /);
  });

  it('StrategyError is what a broken definition raises', () => {
    expect(() => new StrategyRegistry([{ ...followCloseStrategy, name: 'Bad Name' }])).toThrow(StrategyError);
  });
});
