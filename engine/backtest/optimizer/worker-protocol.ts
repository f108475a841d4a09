import type { RegimeModel } from '../../regime/regime-model';
import type { BacktestConfig } from '../backtest-config';
import type { ParamValues } from '../optimization-types';
import type { PreparedData } from '../runs/prepared-data';
import type { EvalOptions, EvalWindow, Outcome } from './evaluate';

/** What an optimiser worker is started with: the data once, shared by every batch it evaluates. */
export type WorkerSetup = { readonly data: PreparedData; readonly base: BacktestConfig; readonly options: Omit<EvalOptions, 'abort'> };

export type WorkerRequest = { readonly id: number; readonly batch: readonly ParamValues[]; readonly window: EvalWindow; readonly model?: RegimeModel };

/** The chunk's outcomes in order, or one outcome as soon as it is known (`index` within the chunk), or the failure. */
export type WorkerReply =
  | { readonly id: number; readonly results: Outcome[] }
  | { readonly id: number; readonly index: number; readonly outcome: Outcome }
  | { readonly id: number; readonly error: string; readonly validation: boolean };
