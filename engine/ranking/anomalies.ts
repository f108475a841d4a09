import type { AnomalyFlag } from './ranking-types';

export type AnomalyThresholds = {
  /** Volume z-score (against the previous bars' window) at or above which a bar is a volume spike. */
  readonly volumeZ: number;
  /** A one-bar return beyond this many σ of the preceding returns is a price jump. */
  readonly jumpSigma: number;
  /** Correlation to the reference must have been at least this high in the long run to break down. */
  readonly minLongRunCorrelation: number;
  /** Drop of the recent correlation below its long-run level that counts as a breakdown. */
  readonly correlationDrop: number;
};

export const DEFAULT_THRESHOLDS: AnomalyThresholds = { volumeZ: 3, jumpSigma: 4, minLongRunCorrelation: 0.5, correlationDrop: 0.5 };

/** Severity grows from 0.25 at the threshold to 1 at twice the threshold. */
function severity(excess: number, threshold: number): number {
  return 0.25 + 0.75 * Math.min(1, Math.max(0, excess / threshold));
}

export function volumeSpike(time: number, z: number, t: AnomalyThresholds): AnomalyFlag | undefined {
  if (!(z >= t.volumeZ)) return undefined;
  return { kind: 'volume-spike', time, value: z, threshold: t.volumeZ, severity: severity(z - t.volumeZ, t.volumeZ), message: `volume ${z.toFixed(1)}σ above its recent mean` };
}

export function priceJump(time: number, logReturn: number, sigma: number, t: AnomalyThresholds): AnomalyFlag | undefined {
  if (!(sigma > 0)) return undefined;
  const k = Math.abs(logReturn) / sigma;
  if (!(k >= t.jumpSigma)) return undefined;
  return {
    kind: 'price-jump',
    time,
    value: k * Math.sign(logReturn),
    threshold: t.jumpSigma,
    severity: severity(k - t.jumpSigma, t.jumpSigma),
    message: `${logReturn >= 0 ? 'up' : 'down'} ${(Math.abs(logReturn) * 100).toFixed(2)}% in one bar, ${k.toFixed(1)}σ`,
  };
}

export function correlationBreakdown(time: number, recent: number, longRun: number, reference: string, t: AnomalyThresholds): AnomalyFlag | undefined {
  const drop = longRun - recent;
  if (!(longRun >= t.minLongRunCorrelation && drop >= t.correlationDrop)) return undefined;
  return {
    kind: 'correlation-breakdown',
    time,
    value: recent,
    threshold: longRun - t.correlationDrop,
    severity: severity(drop - t.correlationDrop, t.correlationDrop),
    message: `correlation to ${reference} ${recent.toFixed(2)}, long-run ${longRun.toFixed(2)}`,
  };
}
