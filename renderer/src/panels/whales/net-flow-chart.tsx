import type { FlowBucket } from '../../engine-client/api-types';
import { formatUsd, hourlyNet, netByExchange } from './whale-feed';

const WIDTH = 300;
const HEIGHT = 90;

/** Net USD flow into exchanges per hour (up: inflow, down: outflow), and the total per exchange. */
export function NetFlowChart({ flows }: { readonly flows: ReadonlyMap<string, FlowBucket> }) {
  const hours = hourlyNet(flows, null);
  const exchanges = netByExchange(flows, null);
  const max = Math.max(1, ...hours.map((h) => Math.abs(h.netUsd)));
  const slot = hours.length > 0 ? WIDTH / Math.max(hours.length, 12) : 0;
  const total = hours.reduce((sum, h) => sum + h.netUsd, 0);
  return (
    <section className="net-flow" aria-label="Net exchange flow" data-testid="net-flow" data-net-usd={total}>
      <h3 className="section-title">Net exchange inflow, 24 h</h3>
      {hours.length === 0 ? (
        <p className="whales-note">No exchange flows yet.</p>
      ) : (
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} className="net-flow-svg" preserveAspectRatio="none" role="img" aria-label={`net inflow ${formatUsd(total)}`}>
          <line x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} className="net-flow-axis" />
          {hours.map((h, i) => {
            const height = (Math.abs(h.netUsd) / max) * (HEIGHT / 2 - 4);
            return (
              <rect
                key={h.start}
                x={i * slot + 1}
                width={Math.max(1, slot - 2)}
                y={h.netUsd >= 0 ? HEIGHT / 2 - height : HEIGHT / 2}
                height={Math.max(1, height)}
                className={h.netUsd >= 0 ? 'bar-in' : 'bar-out'}
              >
                <title>{`${new Date(h.start).toISOString().slice(11, 16)} UTC: ${formatUsd(h.netUsd)}${h.unpriced ? ' (some transfers unpriced)' : ''}`}</title>
              </rect>
            );
          })}
        </svg>
      )}
      <ul className="exchange-nets">
        {exchanges.map((e) => (
          <li key={e.exchange} data-testid="exchange-net">
            <span>{e.exchange}</span>
            <span className={`mono ${e.netUsd >= 0 ? 'in' : 'out'}`}>
              {formatUsd(e.netUsd)}
              {e.unpriced ? ' + unpriced' : ''}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
