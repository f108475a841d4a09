import { toColumns, type Candle, type SeriesKey } from '../model/candle';
import { generateRegimeCandles } from './regime-candles';
import { fitRegimeModel } from '../regime/regime-fit';
import type { RegimeModel } from '../regime/regime-model';

export const TEST_SERIES: SeriesKey = { venue: 'sim', symbol: 'BTC.P', timeframe: '1h' };


/** A 4-state model fitted on a generated market with known regimes, and the candles and regimes it came from. */
export async function fittedTestModel(count = 4_000, seed = 5): Promise<{ model: RegimeModel; candles: Candle[]; regimes: number[] }> {
  const { candles, regimes } = generateRegimeCandles(count, { seed });
  const model = await fitRegimeModel({ key: TEST_SERIES, candles: toColumns(candles), states: 4, id: 'test-model', version: 1, now: () => 0 });
  return { model, candles, regimes };
}
