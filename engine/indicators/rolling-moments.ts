import { RingBuffer } from './ring-buffer';
import { resumEvery } from './parameters';

/**
 * Mean and sum of squared deviations (M2) over the last `period` values, in O(1) per push.
 *
 * Numerics: a naive Σx² − n·mean² loses every digit when prices sit near 60,000 and move by a few
 * units, so the window is kept as Welford-style deviations: sliding `old → new` updates
 * mean' = mean + (new − old)/n and M2' = M2 + (new − old)(new − mean' + old − mean). Rounding still
 * random-walks over millions of slides, so mean and M2 are recomputed exactly (two passes over the
 * ring) every max(period, 1024) pushes, which keeps the error at one window's worth.
 */
export class RollingMoments {
  private readonly ring: RingBuffer;
  private readonly resumAfter: number;
  private mean = 0;
  private m2 = 0;
  private slides = 0;

  constructor(readonly period: number) {
    this.ring = new RingBuffer(period);
    this.resumAfter = resumEvery(period);
  }

  get count(): number {
    return this.ring.size;
  }

  get isFull(): boolean {
    return this.ring.isFull;
  }

  get average(): number {
    return this.mean;
  }

  /** Σ(x − mean)² over the window, never negative. */
  get sumSquaredDeviations(): number {
    return this.m2 > 0 ? this.m2 : 0;
  }

  /** Variance with `ddof` degrees of freedom removed (0: population, 1: sample). */
  variance(ddof: 0 | 1): number {
    const n = this.ring.size - ddof;
    return n > 0 ? this.sumSquaredDeviations / n : Number.NaN;
  }

  push(x: number): void {
    const ring = this.ring;
    if (!ring.isFull) {
      ring.push(x);
      const n = ring.size;
      const delta = x - this.mean;
      this.mean += delta / n;
      this.m2 += delta * (x - this.mean);
      return;
    }
    const old = ring.push(x);
    if (++this.slides >= this.resumAfter) {
      this.resum();
      return;
    }
    const oldMean = this.mean;
    const d = x - old;
    const mean = oldMean + d / this.period;
    this.mean = mean;
    this.m2 += d * (x - mean + old - oldMean);
  }

  reset(): void {
    this.ring.clear();
    this.mean = 0;
    this.m2 = 0;
    this.slides = 0;
  }

  private resum(): void {
    const ring = this.ring;
    const n = ring.size;
    let s = 0;
    for (let i = 0; i < n; i++) s += ring.at(i);
    const mean = s / n;
    let m2 = 0;
    for (let i = 0; i < n; i++) {
      const d = ring.at(i) - mean;
      m2 += d * d;
    }
    this.mean = mean;
    this.m2 = m2;
    this.slides = 0;
  }
}

/**
 * Means, M2s and the co-moment Σ(x − x̄)(y − ȳ) of paired values over the last `period` pairs, O(1) per push.
 * A slide is a removal then an addition, each in Welford's form, with the same periodic exact recompute.
 */
export class RollingCoMoments {
  private readonly xs: RingBuffer;
  private readonly ys: RingBuffer;
  private readonly resumAfter: number;
  private mx = 0;
  private my = 0;
  private sxx = 0;
  private syy = 0;
  private sxy = 0;
  private slides = 0;

  constructor(readonly period: number) {
    this.xs = new RingBuffer(period);
    this.ys = new RingBuffer(period);
    this.resumAfter = resumEvery(period);
  }

  get isFull(): boolean {
    return this.xs.isFull;
  }

  /** Pearson correlation of the window; NaN when either side has no variance. */
  correlation(): number {
    const sxx = this.sxx > 0 ? this.sxx : 0;
    const syy = this.syy > 0 ? this.syy : 0;
    if (sxx === 0 || syy === 0) return Number.NaN;
    const r = this.sxy / Math.sqrt(sxx * syy);
    return r > 1 ? 1 : r < -1 ? -1 : r;
  }

  push(x: number, y: number): void {
    if (!this.xs.isFull) {
      this.xs.push(x);
      this.ys.push(y);
      this.add(x, y, this.xs.size);
      return;
    }
    const ox = this.xs.push(x);
    const oy = this.ys.push(y);
    if (++this.slides >= this.resumAfter) {
      this.resum();
      return;
    }
    const n = this.period;
    // Remove (ox, oy): the inverse of Welford's addition.
    const rx = this.mx + (this.mx - ox) / (n - 1);
    const ry = this.my + (this.my - oy) / (n - 1);
    this.sxx -= (ox - rx) * (ox - this.mx);
    this.syy -= (oy - ry) * (oy - this.my);
    this.sxy -= (ox - rx) * (oy - this.my);
    this.mx = rx;
    this.my = ry;
    this.add(x, y, n);
  }

  reset(): void {
    this.xs.clear();
    this.ys.clear();
    this.mx = this.my = this.sxx = this.syy = this.sxy = 0;
    this.slides = 0;
  }

  private add(x: number, y: number, n: number): void {
    const dx = x - this.mx;
    const dy = y - this.my;
    this.mx += dx / n;
    this.my += dy / n;
    this.sxx += dx * (x - this.mx);
    this.syy += dy * (y - this.my);
    this.sxy += dx * (y - this.my);
  }

  private resum(): void {
    const n = this.xs.size;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sx += this.xs.at(i);
      sy += this.ys.at(i);
    }
    const mx = sx / n;
    const my = sy / n;
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const dx = this.xs.at(i) - mx;
      const dy = this.ys.at(i) - my;
      sxx += dx * dx;
      syy += dy * dy;
      sxy += dx * dy;
    }
    this.mx = mx;
    this.my = my;
    this.sxx = sxx;
    this.syy = syy;
    this.sxy = sxy;
    this.slides = 0;
  }
}
