import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { linearSpecs } from './account-types';
import { EmulatedAccount } from './emulated-account';
import { EmulatedMarket, type MarketConfig } from './emulated-market';
import { RestFaultPlan } from './faults';
import { loadInstrumentCatalog, type InstrumentCatalog } from './instruments';
import { PrivateStreams } from './private-streams';
import { PublicStreams } from './public-streams';
import { createRestHandler, type RecordedRequest } from './rest-api';

export type BybitEmulatorConfig = MarketConfig & {
  readonly port?: number;
  /** Real instruments-info entries to serve (ccxt's captured fixtures); generated ones otherwise. */
  readonly instrumentsFile?: string;
  readonly apiKeys?: Readonly<Record<string, string>>;
  readonly balances?: Readonly<Record<string, number>>;
  /** Bybit's per-second API limit, answered with retCode 10006; off unless given. */
  readonly requestsPerSecond?: number;
  /** How often the open kline, ticker and order book are pushed (ms of wall time). */
  readonly snapshotIntervalMs?: number;
};

const MAX_RECORDED_REQUESTS = 10_000;

/**
 * A local Bybit v5 venue: REST and public WebSocket on one 127.0.0.1 port, answering in Bybit's own
 * shapes so that an unmodified ccxt parses them. Tests and benchmarks start one, point ccxt's URLs at
 * it, script its market and faults, and stop it.
 */
export class BybitEmulator {
  readonly market: EmulatedMarket;
  readonly faults = new RestFaultPlan();
  readonly streams: PublicStreams;
  readonly catalog: InstrumentCatalog;
  /** The private side: wallet, orders, executions and positions of the one account the keys open. */
  readonly account: EmulatedAccount;
  readonly privateStreams: PrivateStreams;
  private readonly recorded: RecordedRequest[] = [];
  private ticker: NodeJS.Timeout | null = null;

  private constructor(
    private readonly server: Server,
    config: BybitEmulatorConfig,
  ) {
    this.market = new EmulatedMarket(config);
    this.catalog = loadInstrumentCatalog(config.instrumentsFile);
    const keys = new Map(Object.entries(config.apiKeys ?? {}));
    this.streams = new PublicStreams(this.market, this.catalog, keys, config.snapshotIntervalMs ?? 100);
    this.account = new EmulatedAccount(this.market, linearSpecs(this.catalog), new Map(Object.entries(config.balances ?? { USDT: 10_000 })));
    this.privateStreams = new PrivateStreams(this.account, keys);
    const handle = createRestHandler({
      market: this.market,
      catalog: this.catalog,
      faults: this.faults,
      keys,
      account: this.account,
      dropPrivateStreams: () => this.privateStreams.dropConnections(),
      requestsPerSecond: config.requestsPerSecond,
      record: (request) => {
        if (this.recorded.length >= MAX_RECORDED_REQUESTS) this.recorded.shift();
        this.recorded.push(request);
      },
    });
    server.on('request', (request, response) => void handle(request, response));
    server.on('upgrade', (request, socket, head) => {
      if (!this.privateStreams.handleUpgrade(request, socket, head) && !this.streams.handleUpgrade(request, socket, head)) socket.destroy();
    });
  }

  static async start(config: BybitEmulatorConfig = {}): Promise<BybitEmulator> {
    const server = createServer({ keepAlive: true });
    const emulator = new BybitEmulator(server, config);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port ?? 0, '127.0.0.1', () => resolve());
    });
    return emulator;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** REST base URL; the streams live under the same port at ws://…/v5/public/{spot,linear} and ws://…/v5/private. */
  get restUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  requests(path?: string): readonly RecordedRequest[] {
    return path === undefined ? this.recorded : this.recorded.filter((r) => r.path === path);
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  /** Moves market time with the wall clock, `speed` times as fast, every `stepMs`. */
  startClock(options: { speed?: number; stepMs?: number } = {}): void {
    this.stopClock();
    const speed = options.speed ?? 1;
    const wallStart = Date.now();
    const marketStart = this.market.now;
    this.ticker = setInterval(() => this.market.advanceTo(marketStart + (Date.now() - wallStart) * speed), options.stepMs ?? 10);
  }

  stopClock(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  async stop(): Promise<void> {
    this.stopClock();
    await this.streams.close();
    await this.privateStreams.close();
    this.account.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
