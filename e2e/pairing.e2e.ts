import { mkdirSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page, type WebSocket as PageSocket } from '@playwright/test';
import type { Candle } from '../engine/api/types';
import { BybitEmulator } from '../engine/testing/bybit-emulator/bybit-emulator';
import { generateCandles } from '../engine/testing/candles';
import { WsTestClient } from '../engine/testing/ws-test-client';
import { ARTIFACTS, TOKEN, startServeProcess } from './serve-process';

const SERIES = { venue: 'bybit', symbol: 'BTC/USDT:USDT', timeframe: '1m' } as const;
const MINUTE = 60_000;
const HISTORY = 400;

/**
 * A TCP relay between the window and `stratus serve`, so a test can cut the window's connection at
 * the server's end (every socket destroyed, new ones refused) while the engine keeps publishing.
 */
async function startRelay(target: number): Promise<{ port: number; cut(): void; restore(): void; stop(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.destroy();
      return;
    }
    const upstream = connect(target, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut() {
      down = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      down = false;
    },
    stop: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

test.describe('remote pairing: a device pairs with a code, gets its own role, can be revoked, and resyncs after a drop', () => {
  let emulator: BybitEmulator;
  let serve: Awaited<ReturnType<typeof startServeProcess>>;
  let api: WsTestClient;
  let last: Candle;
  let seed = 300;

  test.beforeEach(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    emulator = await BybitEmulator.start({ historyMinutes: 60, balances: { USDT: 10_000 } });
    serve = await startServeProcess(0, { serveArgs: ['--venue-endpoint', `bybit=${emulator.restUrl}`] });
    // The serve token is the admin credential: this client plays the engine's owner.
    api = await WsTestClient.connect(serve.apiUrl, TOKEN);
    await api.call('data.loadInstruments', { venue: 'bybit' });
    const history = generateCandles(HISTORY, { start: Math.floor(Date.now() / MINUTE) * MINUTE - 500 * MINUTE, seed: 11 });
    await api.call('data.appendCandles', { ...SERIES, candles: history });
    last = history.at(-1)!;
  });
  test.afterEach(async () => {
    await api.close();
    await serve.stop();
    await emulator.stop();
  });

  async function bars(count: number): Promise<void> {
    const next = generateCandles(count, { start: last.openTime + MINUTE, price: last.close, seed: seed++ });
    await api.call('data.appendCandles', { ...SERIES, candles: next });
    last = next.at(-1)!;
  }

  async function barsUntilProposal(): Promise<void> {
    for (let round = 0; round < 40; round++) {
      await bars(3);
      if ((await api.call('approvals.list', {})).some((p) => p.status === 'pending')) return;
    }
    throw new Error('no proposal after 120 bars');
  }

  /** Opens the pairing link the engine made, names the device and pairs; returns once the workstation is up. */
  async function pair(page: Page, role: 'viewer' | 'trader', name: string, screenshot?: string): Promise<void> {
    const created = await api.call('auth.createPairingCode', { role });
    await page.goto(created.pairingUrl);
    await expect(page.getByTestId('pairing-fields')).toBeVisible();
    await expect(page.getByTestId('pair-code')).toHaveValue(created.code);
    // The code left the address bar as soon as the page read it.
    expect(page.url()).not.toContain(created.code);
    await page.getByTestId('device-name').fill(name);
    if (screenshot) await page.screenshot({ path: `${ARTIFACTS}/${screenshot}` });
    await page.getByTestId('connect').click();
    await expect(page.getByTestId('workstation')).toBeVisible();
    await expect(page.getByTestId('role-badge')).toHaveAttribute('data-role', role);
  }

  test('a viewer pairs with a code from the engine, lands with its role, and cannot approve, cancel or halt', async ({ page }) => {
    await api.call('strategy.attach', { strategy: 'sma-cross', series: SERIES, params: { fast: 3, slow: 8 } });
    await pair(page, 'viewer', 'Wall screen', 'a0-pairing-form.png');
    await expect(page.getByTestId('role-badge')).toHaveText('VIEW ONLY');
    const devices = await api.call('auth.devices', {});
    expect(devices.map((d) => [d.name, d.role, d.revokedAt])).toEqual([['Wall screen', 'viewer', null]]);

    await barsUntilProposal();
    const card = page.getByTestId('proposal').first();
    await expect(card).toBeVisible();
    await expect(page.getByTestId('approve')).toBeDisabled();
    await expect(page.getByTestId('reject')).toBeDisabled();
    await expect(page.getByTestId('view-only-hint')).toBeVisible();
    await expect(page.getByTestId('trading-bar').getByTestId('kill-switch')).toBeDisabled();
    // The keyboard is no way round it either.
    await page.keyboard.press('q');
    await page.keyboard.press('a');
    await page.screenshot({ path: `${ARTIFACTS}/a1-viewer-view-only.png` });
    expect((await api.call('approvals.list', {})).filter((p) => p.status === 'pending')).not.toHaveLength(0);
    expect(await api.call('approvals.list', { status: ['submitted'] })).toEqual([]);

    // The window never even sent a decision: the engine's audit holds none from this device.
    const device = devices[0]!.id;
    expect((await api.call('auth.audit', {})).filter((e) => e.actor === device && e.method.startsWith('approvals.'))).toEqual([]);
    // Beyond the decisions, every control the engine would refuse is off with the reason: here the
    // running strategy's Detach and the snooze length.
    const running = page.getByTestId('panel-signals').getByTestId('running-strategy');
    await expect(running).toHaveAttribute('data-strategy', 'sma-cross');
    const detach = running.getByTestId('detach-strategy');
    await expect(detach).toBeDisabled();
    await expect(detach).toHaveAttribute('title', 'View only: a viewer device watches what the engine does and cannot change it.');
    await expect(page.getByTestId('snooze-minutes')).toBeDisabled();
    await detach.click({ force: true });
    await page.getByTestId('panel-signals').screenshot({ path: `${ARTIFACTS}/a1b-viewer-detach-disabled.png` });
    expect(await api.call('strategy.running', {})).toHaveLength(1);

    await page.getByTestId('open-trading-settings').click();
    await expect(page.getByTestId('settings-view-only')).toBeVisible();
    await expect(page.getByTestId('settings-devices')).toHaveCount(0);
    // The window tried nothing the engine refused: no denied call from this device in the audit.
    expect((await api.call('auth.audit', {})).filter((e) => e.actor === device && e.outcome === 'denied').map((e) => e.method)).toEqual([]);
  });

  test('revoking a device from an admin session disconnects its window with a clear message', async ({ page, browser }) => {
    await pair(page, 'trader', 'Travel laptop');
    await expect(page.getByTestId('role-badge')).toHaveText('TRADER');

    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    try {
      await admin.goto(`${serve.url}#token=${TOKEN}`);
      await expect(admin.getByTestId('role-badge')).toHaveAttribute('data-role', 'admin');
      await admin.getByTestId('open-trading-settings').click();
      await admin.getByTestId('settings-devices').click();
      const row = admin.locator('[data-testid="device-row"]', { hasText: 'Travel laptop' });
      await expect(row).toHaveAttribute('data-state', 'active');
      await admin.getByTestId('create-pairing-code').click();
      await expect(admin.getByTestId('pairing-code')).toHaveText(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
      await expect(admin.getByTestId('pairing-expiry')).toContainText('expires in');
      await admin.getByTestId('settings-dialog').screenshot({ path: `${ARTIFACTS}/a2-devices-and-new-code.png` });

      await row.getByTestId('revoke-device').click();
      await admin.getByTestId('settings-dialog').screenshot({ path: `${ARTIFACTS}/a3-revoke-confirm.png` });
      await row.getByTestId('revoke-confirm').click();
      await expect(row).toHaveAttribute('data-state', 'revoked');

      await expect(page.getByTestId('connection-screen')).toBeVisible();
      await expect(page.getByTestId('connection-error')).toContainText('revoked this device');
      await page.screenshot({ path: `${ARTIFACTS}/a4-revoked-window.png` });

      await admin.getByTestId('settings-audit').click();
      await expect(admin.locator('[data-testid="audit-row"][data-method="auth.revoke"]').first()).toHaveAttribute('data-outcome', 'ok');
      await admin.getByTestId('settings-dialog').screenshot({ path: `${ARTIFACTS}/a5-audit-log.png` });
    } finally {
      await adminContext.close();
    }
  });

  test('a connection dropped at the server while bars are published resyncs with nothing lost or doubled', async ({ page }) => {
    const relay = await startRelay(Number(new URL(serve.url).port));
    try {
      const received: number[] = [];
      const resumes: (number | null)[] = [];
      page.on('websocket', (socket: PageSocket) => {
        socket.on('framereceived', ({ payload }) => {
          const message: unknown = JSON.parse(String(payload));
          if (typeof message === 'object' && message !== null && Reflect.get(message, 'type') === 'event' && Reflect.get(message, 'stream') === 'data.candle') {
            received.push(Number(Reflect.get(message, 'seq')));
          }
        });
        socket.on('framesent', ({ payload }) => {
          const message: unknown = JSON.parse(String(payload));
          if (typeof message !== 'object' || message === null || Reflect.get(message, 'type') !== 'subscribe') return;
          const streams: unknown = Reflect.get(message, 'streams');
          if (typeof streams === 'object' && streams !== null && 'data.candle' in streams) resumes.push(Reflect.get(streams, 'data.candle') as number | null);
        });
      });
      await page.goto(`http://127.0.0.1:${relay.port}/#token=${TOKEN}`);
      const chart = page.getByTestId('chart');
      await expect(chart).toHaveAttribute('data-candle-count', String(HISTORY));

      await bars(5);
      await expect(chart).toHaveAttribute('data-candle-count', String(HISTORY + 5));
      const before = received.at(-1)!;

      // Cut at the server's end; the engine goes on publishing while the window is away.
      relay.cut();
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'reconnecting');
      for (let i = 0; i < 4; i++) await bars(5);
      await page.screenshot({ path: `${ARTIFACTS}/a6-dropped-reconnecting.png` });
      relay.restore();

      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open', { timeout: 20_000 });
      await expect(chart).toHaveAttribute('data-candle-count', String(HISTORY + 25));
      await expect(chart).toHaveAttribute('data-last-close', String(last.close));
      await page.screenshot({ path: `${ARTIFACTS}/a7-resynced.png` });

      // The window asked for exactly what it missed, and every event came once, in order.
      expect(resumes.at(-1)).toBe(before);
      const first = received[0]!;
      expect(received).toEqual(Array.from({ length: 25 }, (_, i) => first + i));
      const stored = await api.call('data.candles', { ...SERIES, limit: 1_000 });
      expect(stored.openTime).toHaveLength(HISTORY + 25);
    } finally {
      await relay.stop();
    }
  });
});

test.describe('pairing over TLS', () => {
  test('a browser pairs from the link `stratus serve` printed, fingerprint included, and works over wss', async ({ browser }) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const serve = await startServeProcess(200, { serveArgs: ['--tls', '--pair-role', 'viewer'] });
    // Chromium checks the certificate itself (the desktop app pins it in main instead): trust the self-signed one here.
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    try {
      await expect.poll(() => /Pairing link: (\S+)/.exec(serve.printed())?.[1] ?? null).not.toBeNull();
      const link = /Pairing link: (\S+)/.exec(serve.printed())![1]!;
      const fingerprint = /TLS certificate SHA-256 ([0-9A-F:]+)/.exec(serve.printed())![1]!;
      expect(serve.url.startsWith('https://')).toBe(true);

      const page = await context.newPage();
      await page.goto(link);
      await expect(page.getByTestId('pair-fingerprint')).toHaveValue(fingerprint);
      await page.getByTestId('device-name').fill('Office browser');
      await page.screenshot({ path: `${ARTIFACTS}/a8-pairing-over-tls.png` });
      await page.getByTestId('connect').click();
      await expect(page.getByTestId('role-badge')).toHaveAttribute('data-role', 'viewer');
      await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'open');
      await expect(page.getByTestId('chart')).toHaveAttribute('data-candle-count', '200');

      // The code printed at start is used up: pasting the same link again is refused in plain words.
      const second = await context.newPage();
      await second.goto(link);
      await second.getByTestId('connect').click();
      await expect(second.getByTestId('connection-error')).toContainText('did not accept this pairing code');
      await second.screenshot({ path: `${ARTIFACTS}/a9-pairing-code-used.png` });
    } finally {
      await context.close();
      await serve.stop();
    }
  });
});
