import type { ComponentType } from 'react';
import { ChartPanel } from '../panels/chart/chart-panel';
import { DataPanel } from '../panels/data/data-panel';
import { WhalesPanel } from '../panels/whales/whales-panel';
import { SentimentPanel } from '../panels/sentiment/sentiment-panel';
import { SentimentSeriesPanel } from '../panels/sentiment/sentiment-series-panel';
import { RankingPanel } from '../panels/ranking/ranking-panel';
import { SignalsPanel } from '../panels/signals/signals-panel';
import { RegimePanel } from '../panels/regime/regime-panel';

/** Where a panel sits in the workstation grid. */
export type PanelArea = 'main' | 'side' | 'bottom';

export type PanelDefinition = {
  readonly id: string;
  readonly title: string;
  readonly area: PanelArea;
  readonly component: ComponentType;
};

/** Every panel of the workstation, in display order within its area; new panels register here. */
export const PANELS = [
  { id: 'chart', title: 'Chart', area: 'main', component: ChartPanel },
  { id: 'data', title: 'Data', area: 'side', component: DataPanel },
  { id: 'whales', title: 'Whales', area: 'bottom', component: WhalesPanel },
  { id: 'sentiment', title: 'News & sentiment', area: 'side', component: SentimentPanel },
  { id: 'sentiment-series', title: 'Sentiment', area: 'bottom', component: SentimentSeriesPanel },
  { id: 'ranking', title: 'Ranking', area: 'side', component: RankingPanel },
  { id: 'signals', title: 'Strategies & signals', area: 'side', component: SignalsPanel },
  { id: 'regime', title: 'Regime', area: 'side', component: RegimePanel },
] as const satisfies readonly PanelDefinition[];

export function panelsIn(area: PanelArea, panels: readonly PanelDefinition[] = PANELS): PanelDefinition[] {
  return panels.filter((panel) => panel.area === area);
}
