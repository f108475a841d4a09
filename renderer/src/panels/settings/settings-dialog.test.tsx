// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderWithEngine } from '../trading/panel-test-harness';
import { makeMode, makeRisk } from '../trading/trading-fixtures';
import { createTradingStore } from '../trading/trading-store';
import { KeysSection, type KeyStatus, type KeysPort } from './keys-section';
import { SettingsDialog } from './settings-dialog';

beforeAll(() => {
  // happy-dom's dialog lacks showModal in some versions; the dialog only needs it to open.
  if (!('showModal' in HTMLDialogElement.prototype)) {
    Object.assign(HTMLDialogElement.prototype, {
      showModal(this: HTMLDialogElement) {
        this.setAttribute('open', '');
      },
    });
  }
});

const PHRASE = 'I understand that live trading sends real orders with real money';

describe('trading settings', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());

  it('switches to live only once the confirmation sentence is typed exactly, and back to paper in one click', async () => {
    const store = createTradingStore();
    store.getState().setMode(makeMode({ liveAvailable: true, liveUnavailableReason: undefined }));
    view = renderWithEngine(<SettingsDialog store={store} keys={null} onClose={() => undefined} />);
    const button = () => view.host.querySelector('[data-testid="switch-live"]') as HTMLButtonElement;
    expect(button().disabled).toBe(true);
    view.type('[data-testid="live-confirmation"]', 'i understand');
    expect(button().disabled).toBe(true);
    view.type('[data-testid="live-confirmation"]', PHRASE);
    expect(button().disabled).toBe(false);
    view.click('[data-testid="switch-live"]');
    expect(view.callsOf('trading.setMode').map((c) => c.params)).toEqual([{ mode: 'live', confirm: PHRASE }]);
    await view.answer({ 'trading.setMode': makeMode({ mode: 'live', venue: 'bybit', liveAvailable: true }) });
    expect(view.host.querySelector('[data-testid="mode-section"]')!.getAttribute('data-mode')).toBe('live');
    view.click('[data-testid="switch-paper"]');
    expect(view.callsOf('trading.setMode').at(-1)!.params).toEqual({ mode: 'paper' });
  });

  it('explains why live trading is not available', () => {
    const store = createTradingStore();
    store.getState().setMode(makeMode());
    view = renderWithEngine(<SettingsDialog store={store} keys={null} onClose={() => undefined} />);
    expect(view.host.querySelector('[data-testid="live-unavailable"]')!.textContent).toContain('no Bybit keys are set');
    expect(view.host.querySelector('[data-testid="switch-live"]')).toBeNull();
  });

  it('saves only the changed risk limits and refuses bad ones', async () => {
    const store = createTradingStore();
    store.getState().setRisk(makeRisk());
    view = renderWithEngine(<SettingsDialog store={store} keys={null} initial="limits" onClose={() => undefined} />);
    view.type('[data-testid="limit-maxLeverage"]', '0');
    view.click('[data-testid="save-limits"]');
    expect(view.host.textContent).toContain('Max leverage must be at least 1');
    expect(view.callsOf('risk.setLimits')).toHaveLength(0);
    view.type('[data-testid="limit-maxLeverage"]', '2');
    view.type('[data-testid="limit-maxConcentration"]', '10');
    view.click('[data-testid="save-limits"]');
    expect(view.callsOf('risk.setLimits').map((c) => c.params)).toEqual([{ limits: { maxConcentration: 0.1, maxLeverage: 2 } }]);
    await view.answer({ 'risk.setLimits': makeRisk({ limits: { ...makeRisk().limits, maxLeverage: 2, maxConcentration: 0.1 } }) });
    expect(store.getState().risk?.limits.maxLeverage).toBe(2);
    expect(view.host.textContent).toContain('Saved 2 limits.');
  });

  it("sizes a strategy of its own: percent in, the engine's fraction out; bad input refused before anything is sent", async () => {
    const store = createTradingStore();
    view = renderWithEngine(<SettingsDialog store={store} keys={null} initial="sizing" onClose={() => undefined} />);
    await view.answer({
      'trading.sizing': { default: { sizing: { mode: 'risk-per-trade', riskFraction: 0.01 } }, strategies: [] },
      'strategy.list': { strategies: [{ name: 'sma-cross' }, { name: 'rsi-reversion' }] },
    });
    expect(view.host.textContent).toContain('Default for every strategy: risk 1 % of equity per trade');
    const row = (name: string) => view.host.querySelector(`[data-testid="sizing-row"][data-strategy="${name}"]`)!;
    expect(row('sma-cross').querySelector('[data-testid="sizing-current"]')!.textContent).toBe('default');
    act(() => (row('sma-cross').querySelector('[data-testid="sizing-edit"]') as HTMLButtonElement).click());
    const select = view.host.querySelector('[data-testid="sizing-mode"]') as HTMLSelectElement;
    act(() => {
      select.value = 'volatility-target';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    view.type('[data-testid="sizing-atrMultiple"]', '0');
    view.click('[data-testid="sizing-save"]');
    expect(view.host.textContent).toContain('ATR multiple must be above 0');
    expect(view.callsOf('trading.setSizing')).toHaveLength(0);
    view.type('[data-testid="sizing-riskFraction"]', '0.5');
    view.type('[data-testid="sizing-atrMultiple"]', '2.5');
    view.click('[data-testid="sizing-save"]');
    expect(view.callsOf('trading.setSizing').map((c) => c.params)).toEqual([{ strategy: 'sma-cross', sizing: { mode: 'volatility-target', riskFraction: 0.005, atrMultiple: 2.5 } }]);
    await view.answer({ 'trading.setSizing': { strategy: 'sma-cross', sizing: { mode: 'volatility-target', riskFraction: 0.005, atrMultiple: 2.5 }, isDefault: false } });
    expect(row('sma-cross').querySelector('[data-testid="sizing-current"]')!.textContent).toBe('risk 0.5 % with the stop at ATR × 2.5');
    expect(view.host.querySelector('[data-testid="sizing-editor"]')).toBeNull();
  });

  it('stores exchange keys without ever showing or keeping the secret', async () => {
    const sent: [string, string, string][] = [];
    let stored: KeyStatus = { configured: false, keyId: null };
    const port: KeysPort = {
      status: () => Promise.resolve(stored),
      set: (venue, apiKey, secret) => {
        sent.push([venue, apiKey, secret]);
        stored = { configured: true, keyId: 'AbCd…9xYz', location: 'the OS keychain', writable: true, problem: null };
        return Promise.resolve(stored);
      },
      remove: () => {
        stored = { configured: false, keyId: null };
        return Promise.resolve(stored);
      },
    };
    view = renderWithEngine(<KeysSection port={port} />);
    await act(async () => undefined);
    expect(view.host.querySelector('[data-testid="keys-status"]')!.textContent).toBe('No key stored.');
    const secretInput = () => view.host.querySelector('[data-testid="key-secret"]') as HTMLInputElement;
    expect(secretInput().type).toBe('password');
    view.type('[data-testid="key-id"]', 'AbCdEfGh9xYz');
    view.click('[data-testid="save-key"]');
    expect(view.host.textContent).toContain('Enter both the API key and its secret.');
    view.type('[data-testid="key-secret"]', 's3cr3t-value');
    view.click('[data-testid="save-key"]');
    await act(async () => undefined);
    expect(sent).toEqual([['bybit', 'AbCdEfGh9xYz', 's3cr3t-value']]);
    expect(secretInput().value).toBe('');
    expect(view.host.innerHTML).not.toContain('s3cr3t-value');
    expect(view.host.querySelector('[data-testid="keys-status"]')!.textContent).toContain('AbCd…9xYz');
    view.click('[data-testid="remove-key"]');
    await act(async () => undefined);
    expect(view.host.querySelector('[data-testid="keys-status"]')!.textContent).toBe('No key stored.');
  });
});
