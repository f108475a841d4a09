import type { Clock } from '../../core/clock';
import type { MessageBus } from '../../core/message-bus';
import { NotFoundError } from '../../core/errors';
import type { SettingsRepository } from '../../store/repositories/settings-repository';
import type { FlowKey, OnchainRepository, TransferQuery } from '../../store/repositories/onchain-repository';
import { ChainWatcher, type WatcherDeps } from './chain-watcher';
import { FLOW_BUCKET_MS } from './flows';
import { LabelBook, readBuiltinLabels, readLabelFile } from './labels';
import { parseOnchainSettings, resolveChains, SETTINGS_KEY, type OnchainSettings, type OnchainSettingsInput } from './onchain-config';
import type { AddressLabel, ChainStatus, FlowBucket, OnchainTransfer } from './onchain-types';
import type { PriceBook } from './price-book';

export type OnchainServiceDeps = {
  readonly repository: OnchainRepository;
  readonly settings: SettingsRepository;
  readonly prices: PriceBook;
  readonly bus: MessageBus;
  readonly clock: Clock;
  readonly log: (message: string, error?: unknown) => void;
  /** Settings given at start (CLI flag or file); they replace the stored ones. */
  readonly initialSettings?: OnchainSettings;
  readonly watcher?: Pick<WatcherDeps, 'rpcTimeoutMs' | 'backoffMs' | 'primaryRetryMs'>;
};

/** Net exchange flow of one token into one exchange over a window ending now, for regime and strategies. */
export type FlowFeature = {
  readonly token: string;
  readonly exchange: string;
  readonly windowMs: number;
  readonly inflow: number;
  readonly outflow: number;
  readonly net: number;
  readonly netUsd: number | null;
  readonly transfers: number;
};

const topicSegment = (value: string): string => value.toLowerCase().replace(/[^a-z0-9-]+/g, '-');

export const transferTopic = (kind: string, t: OnchainTransfer): string => `onchain.transfer.${kind}.${t.chain}.${topicSegment(t.token)}`;
export const flowTopic = (f: FlowBucket): string => `onchain.flow.${f.chain}.${topicSegment(f.token)}.${topicSegment(f.exchange)}`;

/**
 * The on-chain signal source: one watcher per enabled chain, the label book, exchange flows, and the
 * topics everything else listens to. A chain without RPC URLs is reported disabled, never an error.
 */
export class OnchainService {
  private watchers: ChainWatcher[] = [];
  private disabled: ChainStatus[] = [];
  private labelBook = new LabelBook();
  private builtin: AddressLabel[] = [];
  private fileLabels: AddressLabel[] = [];
  private running = false;

  constructor(private readonly deps: OnchainServiceDeps) {}

  async start(): Promise<void> {
    if (this.deps.initialSettings) this.deps.settings.set(SETTINGS_KEY, this.deps.initialSettings, this.deps.clock.now());
    this.builtin = readBuiltinLabels();
    this.running = true;
    this.startWatchers(this.currentSettings());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.watchers.map((w) => w.stop()));
    this.watchers = [];
  }

  currentSettings(): OnchainSettings {
    const stored = this.deps.settings.get<unknown>(SETTINGS_KEY);
    return stored === undefined ? { chains: [] } : parseOnchainSettings(stored, 'stored on-chain settings');
  }

  /** Validates, stores and applies new settings; the watchers restart and resume from their cursors. */
  async configure(input: OnchainSettingsInput): Promise<ChainStatus[]> {
    const settings = parseOnchainSettings(input, 'on-chain settings');
    if (settings.labelsFile) readLabelFile(settings.labelsFile);
    this.deps.settings.set(SETTINGS_KEY, settings, this.deps.clock.now());
    if (this.running) {
      await Promise.all(this.watchers.map((w) => w.stop()));
      this.startWatchers(settings);
    }
    return this.statuses();
  }

  statuses(): ChainStatus[] {
    return [...this.watchers.map((w) => w.status), ...this.disabled];
  }

  transfers(query: TransferQuery): OnchainTransfer[] {
    return this.deps.repository.transfers(query);
  }

  flows(query: { chain?: string; token?: string; exchange?: string; from: number; to: number }): FlowBucket[] {
    return this.deps.repository.flows(query, FLOW_BUCKET_MS);
  }

  /** Net inflow per token and exchange over the last `windowMs`, summed over chains. */
  features(windowMs: number, token?: string): FlowFeature[] {
    const now = this.deps.clock.now();
    const buckets = this.flows({ token, from: now - windowMs - FLOW_BUCKET_MS + 1, to: now + 1 });
    const byKey = new Map<string, FlowFeature>();
    for (const b of buckets) {
      if (b.start + FLOW_BUCKET_MS <= now - windowMs) continue;
      const key = `${b.token}|${b.exchange}`;
      const prev = byKey.get(key) ?? { token: b.token, exchange: b.exchange, windowMs, inflow: 0, outflow: 0, net: 0, netUsd: 0, transfers: 0 };
      byKey.set(key, {
        ...prev,
        inflow: prev.inflow + b.inflow,
        outflow: prev.outflow + b.outflow,
        net: prev.net + b.net,
        netUsd: prev.netUsd === null || b.netUsd === null ? null : prev.netUsd + b.netUsd,
        transfers: prev.transfers + b.transfers,
      });
    }
    return [...byKey.values()].sort((a, b) => Math.abs(b.net) - Math.abs(a.net));
  }

  labels(): { builtin: AddressLabel[]; file: AddressLabel[]; user: AddressLabel[] } {
    return { builtin: this.builtin, file: this.fileLabels, user: this.deps.repository.userLabels() };
  }

  addLabel(label: AddressLabel): AddressLabel {
    this.deps.repository.putLabel(label, this.deps.clock.now());
    this.rebuildLabels();
    return label;
  }

  removeLabel(chain: string, address: string): void {
    if (!this.deps.repository.deleteLabel(chain, address.toLowerCase())) throw new NotFoundError(`no label of yours for ${address} on ${chain}`);
    this.rebuildLabels();
  }

  private rebuildLabels(): void {
    this.labelBook = new LabelBook(this.builtin, this.fileLabels, this.deps.repository.userLabels());
  }

  private startWatchers(settings: OnchainSettings): void {
    this.fileLabels = [];
    if (settings.labelsFile) {
      try {
        this.fileLabels = readLabelFile(settings.labelsFile);
      } catch (error) {
        this.deps.log(`on-chain labels file skipped: ${(error as Error).message}`);
      }
    }
    this.rebuildLabels();
    const now = this.deps.clock.now();
    const resolved = resolveChains(settings);
    this.disabled = resolved
      .filter((c) => !c.enabled)
      .map((c) => ({ chain: c.config.id, name: c.config.name, state: 'disabled', reason: c.reason, rpcUrl: null, rpcIndex: null, head: null, processed: this.deps.repository.cursor(c.config.id)?.number ?? null, updatedAt: now }));
    for (const status of this.disabled) this.deps.bus.publish(`onchain.status.${status.chain}`, status);
    this.watchers = resolved
      .filter((c) => c.enabled)
      .map(
        (c) =>
          new ChainWatcher(c.config, {
            ...this.deps.watcher,
            repository: this.deps.repository,
            labels: () => this.labelBook,
            prices: this.deps.prices,
            clock: this.deps.clock,
            log: this.deps.log,
            output: {
              transfers: (kind, transfers) => {
                for (const t of transfers) this.deps.bus.publish(transferTopic(kind, t), { kind, transfer: t });
              },
              flowsChanged: (keys) => this.publishFlows(keys),
              status: (status) => this.deps.bus.publish(`onchain.status.${status.chain}`, status),
            },
          }),
      );
    for (const watcher of this.watchers) watcher.start();
  }

  private publishFlows(keys: readonly FlowKey[]): void {
    const buckets = this.deps.repository.recomputeFlows(keys, FLOW_BUCKET_MS, this.deps.clock.now());
    for (const bucket of buckets) this.deps.bus.publish(flowTopic(bucket), bucket);
  }
}
