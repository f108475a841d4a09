import type { HmmFitProgress } from './hmm/fit-hmm';
import type { RegimeFitRequest } from './regime-fit';
import type { RegimeModel } from './regime-model';
import type { RegimeInputs } from './regime-tracker';

/**
 * A fit as it crosses to the worker thread: plain data only (structured clone). `inputs[i]` holds what was
 * known at the close of candle i; `createdAt` stands in for the engine's clock.
 */
export type FitJob = Omit<RegimeFitRequest, 'now' | 'inputsAt' | 'onProgress' | 'yieldEvery'> & {
  readonly createdAt: number;
  readonly inputs?: readonly (RegimeInputs | undefined)[];
};

/** What the worker posts back: progress after each EM iteration, then the model or the reason it failed. */
export type FitWorkerMessage =
  | { readonly type: 'progress'; readonly progress: HmmFitProgress }
  | { readonly type: 'done'; readonly model: RegimeModel }
  | { readonly type: 'failed'; readonly validation: boolean; readonly message: string };

/** The request a job stands for, with its inputs looked up by candle open time. */
export function requestOf(job: FitJob, onProgress?: (progress: HmmFitProgress) => void): RegimeFitRequest {
  const { createdAt, inputs, ...rest } = job;
  let inputsAt: RegimeFitRequest['inputsAt'];
  if (inputs) {
    const index = new Map<number, number>();
    job.candles.openTime.forEach((openTime, i) => index.set(openTime, i));
    inputsAt = (openTime) => {
      const i = index.get(openTime);
      return i === undefined ? undefined : inputs[i];
    };
  }
  return { ...rest, now: () => createdAt, inputsAt, onProgress };
}
