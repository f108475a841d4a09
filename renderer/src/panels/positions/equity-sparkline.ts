/**
 * An SVG polyline's points for values over time, scaled into a width × height box (y grows downwards).
 * The vertical scale spans at least `minSpan` of the values' level (0.2 % by default), so a few cents of
 * fees on a 10,000 account draw a flat line, not a crash.
 */
export function sparklinePoints(points: readonly { readonly time: number; readonly value: number }[], width: number, height: number, minSpan = 0.002): string {
  const finite = points.filter((p) => Number.isFinite(p.value) && Number.isFinite(p.time));
  if (finite.length === 0) return '';
  const first = finite[0]!;
  const last = finite.at(-1)!;
  let low = Infinity;
  let high = -Infinity;
  for (const p of finite) {
    low = Math.min(low, p.value);
    high = Math.max(high, p.value);
  }
  const span = last.time - first.time;
  const floor = Math.abs((high + low) / 2) * minSpan;
  if (high - low < floor) {
    const middle = (high + low) / 2;
    low = middle - floor / 2;
    high = middle + floor / 2;
  }
  const range = high - low;
  return finite
    .map((p) => {
      const x = span > 0 ? ((p.time - first.time) / span) * width : width;
      // A flat line sits in the middle rather than on an edge.
      const y = range > 0 ? height - ((p.value - low) / range) * height : height / 2;
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}
