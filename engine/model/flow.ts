/** Exchange net flow of the symbol's base asset as the on-chain watcher last knew it (inflow − outflow, in tokens). */
export type FlowSnapshot = {
  readonly asset: string;
  readonly netFlow: number;
  readonly inflow: number;
  readonly outflow: number;
  readonly at: number;
};
