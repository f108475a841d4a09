import { useMemo, useState, type KeyboardEvent } from 'react';
import { buildHeatmap, colorScale, textOn, type HeatmapCell, type HeatmapPoint } from './heatmap';

type HeatmapViewProps = {
  readonly points: readonly HeatmapPoint[];
  readonly xParam: string;
  readonly yParam: string;
  readonly valueLabel: string;
  readonly format: (value: number) => string;
};

/**
 * The optimisation over two parameters: one cell per pair, coloured by the best value found there,
 * with a legend of the scale. Hovering or moving with the arrow keys names the cell and its value.
 */
export function HeatmapView({ points, xParam, yParam, valueLabel, format }: HeatmapViewProps) {
  const grid = useMemo(() => buildHeatmap(points, xParam, yParam), [points, xParam, yParam]);
  const scale = useMemo(() => colorScale(grid.min, grid.max), [grid]);
  const [active, setActive] = useState<number | null>(null);
  const columns = grid.xs.length;
  const describe = (cell: HeatmapCell): string =>
    `${xParam} ${String(cell.x)}, ${yParam} ${String(cell.y)}: ${cell.value === null ? (cell.count > 0 ? 'no value' : 'not tried') : `${valueLabel} ${format(cell.value)}`}${cell.count > 1 ? ` (best of ${cell.count})` : ''}`;

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: -columns, ArrowUp: columns };
    const move = moves[event.key];
    if (move === undefined) return;
    event.preventDefault();
    const from = active ?? 0;
    const next = from + move;
    if (next < 0 || next >= grid.cells.length) return;
    if ((move === 1 || move === -1) && Math.floor(next / columns) !== Math.floor(from / columns)) return;
    setActive(next);
  };

  if (grid.xs.length === 0 || grid.ys.length === 0) return <p className="bt-hint">No results to map yet.</p>;
  const activeCell = active === null ? null : grid.cells[active];
  const bestCell = grid.cells.find((c) => c.value !== null && c.value === grid.max);
  // Rows are drawn top-down with the highest y first, as on a chart's axis.
  const rowOrder = grid.ys.map((_, i) => grid.ys.length - 1 - i);
  return (
    <div className="bt-heatmap" data-testid="bt-heatmap" data-x={xParam} data-y={yParam} data-cells={grid.cells.filter((c) => c.value !== null).length}>
      <div className="bt-heatmap-frame">
        <div className="bt-heatmap-ylabel">{yParam}</div>
        <div
          className="bt-heatmap-grid"
          role="grid"
          aria-label={`${valueLabel} by ${xParam} and ${yParam}`}
          tabIndex={0}
          onKeyDown={onKeyDown}
          onFocus={() => active === null && setActive(0)}
          onMouseLeave={() => setActive(null)}
          style={{ gridTemplateColumns: `auto repeat(${columns}, minmax(22px, 1fr))` }}
        >
          {rowOrder.map((row) => (
            <div key={row} role="row" className="bt-heatmap-row">
              <span className="bt-heatmap-tick mono" role="rowheader">
                {String(grid.ys[row])}
              </span>
              {grid.xs.map((_, column) => {
                const index = row * columns + column;
                const cell = grid.cells[index];
                if (!cell) return null;
                const position = cell.value === null ? 0 : scale.position(cell.value);
                return (
                  <div
                    key={column}
                    role="gridcell"
                    className="bt-heatmap-cell"
                    aria-label={describe(cell)}
                    aria-selected={active === index}
                    data-testid="bt-heatmap-cell"
                    data-value={cell.value ?? ''}
                    data-best={cell.value !== null && cell.value === grid.max}
                    style={cell.value === null ? undefined : { background: scale.color(cell.value), color: textOn(position, scale.diverging) }}
                    onMouseEnter={() => setActive(index)}
                  >
                    {cell.value !== null && columns <= 12 ? format(cell.value) : ''}
                  </div>
                );
              })}
            </div>
          ))}
          <div role="row" className="bt-heatmap-row">
            <span />
            {grid.xs.map((x) => (
              <span key={String(x)} className="bt-heatmap-tick mono" role="columnheader">
                {String(x)}
              </span>
            ))}
          </div>
        </div>
      </div>
      <div className="bt-heatmap-xlabel">{xParam}</div>
      <div className="bt-heatmap-foot">
        <div className="bt-legend" data-testid="bt-heatmap-legend" aria-label={`Colour scale of ${valueLabel}, ${format(grid.min)} to ${format(grid.max)}`}>
          <span className="bt-legend-bar" style={{ background: scale.gradient() }} />
          <span className="bt-legend-ticks mono">
            {scale.ticks(3).map((tick) => (
              <span key={tick}>{format(tick)}</span>
            ))}
          </span>
        </div>
        <div className="bt-heatmap-readout mono" aria-live="polite" data-testid="bt-heatmap-readout">
          {activeCell ? describe(activeCell) : bestCell ? `Best: ${describe(bestCell)}` : `Hover a cell: best ${valueLabel.toLowerCase()} at each pair`}
        </div>
      </div>
    </div>
  );
}
