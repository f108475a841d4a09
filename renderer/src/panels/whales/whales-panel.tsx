import './whales-panel.css';
import { useEngineClient } from '../../app/stores-context';
import type { AddressLabel, ChainStatus, OnchainTransfer } from '../../engine-client/api-types';
import { LabelForm } from './label-form';
import { NetFlowChart } from './net-flow-chart';
import { useOnchain } from './use-onchain';
import { CLASS_NAMES, formatAmount, formatUsd, shortAddress } from './whale-feed';

/** Whale transfers as they happen, pending until final, and the net flow into exchanges. */
export function WhalesPanel() {
  const client = useEngineClient();
  const view = useOnchain(client);
  const active = view.statuses.filter((s) => s.state !== 'disabled');
  return (
    <div className="whales-panel" data-testid="whales-panel" data-loaded={view.loaded}>
      <div className="whales-feed">
        <ChainStates statuses={view.statuses} />
        {view.error && <p role="alert" className="whales-note">Could not load the whale feed: {view.error}</p>}
        {view.loaded && view.transfers.length === 0 && !view.error && (
          <p className="whales-note" data-testid="whales-empty">
            {active.length === 0 ? 'On-chain watching is off: no chain has an RPC URL. Add one in the on-chain settings.' : 'No whale transfers yet.'}
          </p>
        )}
        {view.transfers.length > 0 && <TransferTable transfers={view.transfers} />}
      </div>
      <div className="whales-side">
        <NetFlowChart flows={view.flows} />
        <LabelForm client={client} />
      </div>
    </div>
  );
}

function ChainStates({ statuses }: { readonly statuses: readonly ChainStatus[] }) {
  return (
    <ul className="chain-states" aria-label="Chains">
      {statuses.map((s) => (
        <li key={s.chain} className="chain-state" data-state={s.state} data-testid={`chain-${s.chain}`} title={s.reason ?? s.rpcUrl ?? ''}>
          <span className="chain-dot" />
          {s.name}
          <span className="chain-state-word">{s.state}</span>
        </li>
      ))}
    </ul>
  );
}

function Party({ address, label }: { readonly address: string; readonly label: AddressLabel | null }) {
  return (
    <span className="party" title={label ? `${label.name} · ${label.source}\n${address}` : address}>
      {label ? <span className={`party-label party-${label.kind}`}>{label.name}</span> : <span className="party-address">{shortAddress(address)}</span>}
    </span>
  );
}

function TransferTable({ transfers }: { readonly transfers: readonly OnchainTransfer[] }) {
  return (
    <table className="whale-table" data-testid="whale-feed">
      <thead>
        <tr>
          <th>Time</th>
          <th>Chain</th>
          <th className="num">Amount</th>
          <th className="num">USD</th>
          <th>From → to</th>
          <th>Type</th>
          <th>State</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {transfers.map((t) => (
          <tr key={t.id} data-testid="whale-row" data-tx={t.txHash} data-status={t.status} data-severity={t.severity} className={`whale-row status-${t.status}`}>
            <td className="mono" title={`block ${t.blockNumber}; received ${new Date(t.receivedAt).toISOString()}`}>
              {new Date(t.blockTime).toISOString().slice(11, 19)}
            </td>
            <td className="chain-cell">{t.chain}</td>
            <td className="num mono">
              {formatAmount(t.amountValue)} <span className="token">{t.token}</span>
            </td>
            <td className={`num mono ${t.valueUsd === null ? 'unknown' : ''}`}>{formatUsd(t.valueUsd)}</td>
            <td className="parties">
              <Party address={t.from} label={t.fromLabel} />
              <span className="arrow">→</span>
              <Party address={t.to} label={t.toLabel} />
            </td>
            <td>
              <span className={`class-badge class-${t.classification} severity-${t.severity}`}>{CLASS_NAMES[t.classification]}</span>
              <span className={`severity-word severity-word-${t.severity}`}>{t.severity}</span>
            </td>
            <td className="state-cell">{t.status === 'retracted' ? 'retracted (reorg)' : t.status}</td>
            <td>
              {t.explorerUrl && (
                <a href={t.explorerUrl} target="_blank" rel="noopener noreferrer" className="explorer-link">
                  tx ↗
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
