import type { ComponentType } from 'react';
import { ChartPanel } from '../panels/chart/chart-panel';
import { DataPanel } from '../panels/data/data-panel';
import { WhalesPanel } from '../panels/whales/whales-panel';
import { SentimentPanel } from '../panels/sentiment/sentiment-panel';
import { SentimentSeriesPanel } from '../panels/sentiment/sentiment-series-panel';
import { RankingPanel } from '../panels/ranking/ranking-panel';
import { SignalsPanel } from '../panels/signals/signals-panel';
import { RegimePanel } from '../panels/regime/regime-panel';
import { ApprovalsPanel } from '../panels/approvals/approvals-panel';
import { OrdersPanel } from '../panels/orders/orders-panel';
import { FillsPanel } from '../panels/orders/fills-panel';
import { PositionsPanel } from '../panels/positions/positions-panel';
import { RiskPanel } from '../panels/risk/risk-panel';
import { BacktestPanel } from '../panels/backtest/backtest-panel';

/** Where a panel sits in the workstation grid. */
export type PanelArea = 'main' | 'side' | 'bottom';

export type PanelDefinition = {
  readonly id: string;
  readonly title: string;
  readonly area: PanelArea;
  /** Panels of one area that share a group share one place, behind tabs (first one open by default). */
  readonly group?: string;
  readonly component: ComponentType;
};

/** Every panel of the workstation, in display order within its area; new panels register here. */
export const PANELS = [
  { id: 'chart', title: 'Chart', area: 'main', component: ChartPanel },
  { id: 'backtest', title: 'Backtest lab', area: 'main', component: BacktestPanel },
  { id: 'approvals', title: 'Approvals', area: 'side', component: ApprovalsPanel },
  { id: 'signals', title: 'Strategies & signals', area: 'side', group: 'side-top', component: SignalsPanel },
  { id: 'data', title: 'Data', area: 'side', group: 'side-top', component: DataPanel },
  { id: 'ranking', title: 'Ranking', area: 'side', group: 'side-top', component: RankingPanel },
  { id: 'regime', title: 'Regime', area: 'side', group: 'side-bottom', component: RegimePanel },
  { id: 'positions', title: 'Positions & PnL', area: 'bottom', group: 'bottom-dock', component: PositionsPanel },
  { id: 'orders', title: 'Orders', area: 'bottom', group: 'bottom-dock', component: OrdersPanel },
  { id: 'fills', title: 'Fills', area: 'bottom', group: 'bottom-dock', component: FillsPanel },
  { id: 'risk', title: 'Risk', area: 'bottom', group: 'bottom-dock', component: RiskPanel },
  { id: 'whales', title: 'Whales', area: 'bottom', group: 'bottom-dock', component: WhalesPanel },
  { id: 'sentiment', title: 'News & sentiment', area: 'side', group: 'side-bottom', component: SentimentPanel },
  { id: 'sentiment-series', title: 'Sentiment', area: 'bottom', group: 'bottom-dock', component: SentimentSeriesPanel },
] as const satisfies readonly PanelDefinition[];

/** An area's panels as the places they take: a lone panel, or a group of panels behind tabs. */
export type PanelPlace = { readonly key: string; readonly group: string | null; readonly panels: readonly PanelDefinition[] };

export function placesIn(area: PanelArea, panels: readonly PanelDefinition[] = PANELS): PanelPlace[] {
  const places: { key: string; group: string | null; panels: PanelDefinition[] }[] = [];
  for (const panel of panelsIn(area, panels)) {
    const group = panel.group ?? null;
    const place = group === null ? undefined : places.find((p) => p.group === group);
    if (place) place.panels.push(panel);
    else places.push({ key: group ?? panel.id, group, panels: [panel] });
  }
  return places;
}

export function panelsIn(area: PanelArea, panels: readonly PanelDefinition[] = PANELS): PanelDefinition[] {
  return panels.filter((panel) => panel.area === area);
}
