// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRules, makeTelegram } from '../alerts/alert-fixtures';
import { renderWithEngine } from '../trading/panel-test-harness';
import { AlertsSection } from './alerts-section';
import { TelegramSection } from './telegram-section';

const TOKEN = '987654321:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_-q';

describe('alert rules settings', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());
  const $ = (selector: string) => view.host.querySelector(selector);
  const row = (kind: string) => `[data-testid="alert-rule"][data-kind="${kind}"]`;

  it('edits the rules and saves them whole with alerts.setRules', async () => {
    view = renderWithEngine(<AlertsSection />);
    await view.answer({ 'alerts.rules': makeRules(), 'alerts.list': [], 'alerts.telegram': makeTelegram({ configured: true, enabled: true, state: 'running' }) });
    expect(($(`${row('whale')} [data-testid="rule-threshold"]`) as HTMLInputElement).value).toBe('1000000');
    expect($(`${row('proposal')} [data-testid="rule-threshold"]`)).toBeNull();
    expect($('[data-testid="telegram-not-ready"]')).toBeNull();
    view.click(`${row('whale')} [data-testid="rule-telegram"]`);
    view.type(`${row('whale')} [data-testid="rule-threshold"]`, '5000000');
    view.click(`${row('regime')} [data-testid="rule-enabled"]`);
    view.type('[data-testid="rule-dedup"]', '60');
    view.click('[data-testid="quiet-enabled"]');
    view.type('[data-testid="quiet-start"]', '23:00');
    view.click('[data-testid="save-alert-rules"]');
    const expected = makeRules();
    const sent = view.callsOf('alerts.setRules').map((c) => c.params);
    expect(sent).toEqual([
      {
        ...expected,
        kinds: {
          ...expected.kinds,
          whale: { enabled: true, channels: { desktop: false, telegram: true }, threshold: 5_000_000 },
          regime: { enabled: false, channels: { desktop: false, telegram: false } },
        },
        dedupWindowSeconds: 60,
        quietHours: { ...expected.quietHours, enabled: true, start: '23:00' },
      },
    ]);
    await view.answer({ 'alerts.setRules': sent[0] });
    expect($('[data-testid="alert-rules-status"]')!.textContent).toBe('Alert rules saved.');
  });

  it('refuses bad fields before sending anything and shows the engine’s refusal', async () => {
    view = renderWithEngine(<AlertsSection />);
    await view.answer({ 'alerts.rules': makeRules(), 'alerts.list': [], 'alerts.telegram': makeTelegram() });
    // The bot is off: kinds that push to Telegram are named.
    expect($('[data-testid="telegram-not-ready"]')!.textContent).toContain('proposal, kill switch, system');
    view.type(`${row('sentiment-spike')} [data-testid="rule-threshold"]`, '3');
    view.type('[data-testid="rule-rate"]', '0');
    view.click('[data-testid="save-alert-rules"]');
    expect(view.callsOf('alerts.setRules')).toHaveLength(0);
    expect(view.host.textContent).toContain('Sentiment spike: the threshold must be at most 2');
    expect(view.host.textContent).toContain('The rate limit must be between 1 and 600');
    expect($('[data-testid="rule-rate"]')!.getAttribute('aria-invalid')).toBe('true');
    view.type(`${row('sentiment-spike')} [data-testid="rule-threshold"]`, '0.5');
    view.type('[data-testid="rule-rate"]', '30');
    view.click('[data-testid="save-alert-rules"]');
    expect(view.callsOf('alerts.setRules')).toHaveLength(1);
    await view.fail('alerts.setRules', 'quietHours.start: a time of day', 'ValidationError');
    expect($('[data-testid="alert-rules-status"]')!.textContent).toBe('quietHours.start: a time of day');
  });

  it('says why the rules cannot be shown', async () => {
    view = renderWithEngine(<AlertsSection />);
    await view.fail('alerts.rules', 'alerts are not available in this engine yet', 'AlertsNotReadyError');
    expect($('[data-testid="alert-rules-unavailable"]')!.textContent).toBe('alerts are not available in this engine yet');
  });
});

describe('telegram settings', () => {
  let view: ReturnType<typeof renderWithEngine>;
  afterEach(() => view.unmount());
  const $ = (selector: string) => view.host.querySelector(selector);

  it('stores a bot token without ever showing it, and shows only that one is stored', async () => {
    view = renderWithEngine(<TelegramSection />);
    await view.answer({ 'alerts.telegram': makeTelegram(), 'alerts.list': [] });
    expect($('[data-testid="telegram-token-state"]')!.textContent).toBe('no token stored');
    const field = $('[data-testid="telegram-token"]') as HTMLInputElement;
    expect(field.type).toBe('password');
    view.type('[data-testid="telegram-token"]', 'not-a-token');
    view.click('[data-testid="save-telegram-token"]');
    expect(view.callsOf('alerts.setTelegram')).toHaveLength(0);
    expect($('[data-testid="telegram-feedback"]')!.textContent).toContain('not a bot token');

    view.type('[data-testid="telegram-token"]', ` ${TOKEN} `);
    view.click('[data-testid="save-telegram-token"]');
    expect(view.callsOf('alerts.setTelegram').map((c) => c.params)).toEqual([{ botToken: TOKEN }]);
    // Gone from the page as it is sent.
    expect(field.value).toBe('');
    await view.answer({ 'alerts.setTelegram': makeTelegram({ configured: true, state: 'off' }) });
    expect($('[data-testid="telegram-token-state"]')!.getAttribute('data-stored')).toBe('true');
    expect(view.host.innerHTML).not.toContain(TOKEN);
    expect($('[data-testid="save-telegram-token"]')!.textContent).toBe('Replace token');
  });

  it('switches the bot on, saves the allowed chats, and follows the status stream', async () => {
    view = renderWithEngine(<TelegramSection />);
    await view.answer({ 'alerts.telegram': makeTelegram({ configured: true, allowedChatIds: ['111'] }), 'alerts.list': [] });
    expect(($('[data-testid="telegram-chats"]') as HTMLTextAreaElement).value).toBe('111');
    view.click('[data-testid="telegram-enabled"]');
    expect(view.callsOf('alerts.setTelegram').at(-1)!.params).toEqual({ enabled: true });
    await view.answer({ 'alerts.setTelegram': makeTelegram({ configured: true, enabled: true, state: 'connecting', allowedChatIds: ['111'] }) });
    expect($('[data-testid="telegram-status"]')!.getAttribute('data-state')).toBe('connecting');
    view.event('alerts.status', 1, makeTelegram({ configured: true, enabled: true, state: 'running', botUsername: 'stratus_bot', allowedChatIds: ['111'] }));
    expect($('[data-testid="telegram-status"]')!.textContent).toContain('@stratus_bot');

    const chats = $('[data-testid="telegram-chats"]') as HTMLTextAreaElement;
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(chats, '111\n@someone');
      chats.dispatchEvent(new Event('input', { bubbles: true }));
    });
    view.click('[data-testid="save-telegram-chats"]');
    expect($('[data-testid="telegram-feedback"]')!.textContent).toContain('Not a chat id: @someone');
    act(() => {
      Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(chats, '111, -1001234567890');
      chats.dispatchEvent(new Event('input', { bubbles: true }));
    });
    view.click('[data-testid="save-telegram-chats"]');
    expect(view.callsOf('alerts.setTelegram').at(-1)!.params).toEqual({ allowedChatIds: ['111', '-1001234567890'] });
    await view.answer({ 'alerts.setTelegram': makeTelegram({ configured: true, enabled: true, state: 'running', allowedChatIds: ['111', '-1001234567890'] }) });
    expect($('[data-testid="telegram-feedback"]')!.textContent).toBe('2 chats allowed.');
  });

  it('sends a test alert through each channel and shows what happened', async () => {
    view = renderWithEngine(<TelegramSection />);
    await view.answer({ 'alerts.telegram': makeTelegram(), 'alerts.list': [] });
    view.click('[data-testid="send-test-in-app"]');
    await view.answer({ 'alerts.test': { delivered: true, message: 'shown in the alert centre' } });
    view.click('[data-testid="send-test-telegram"]');
    expect(view.callsOf('alerts.test').map((c) => c.params)).toEqual([{ channel: 'in-app' }, { channel: 'telegram' }]);
    expect(($('[data-testid="send-test-telegram"]') as HTMLButtonElement).disabled).toBe(true);
    await view.fail('alerts.test', 'Telegram is not configured', 'OperationalError');
    expect($('[data-testid="test-result-in-app"]')!.getAttribute('data-delivered')).toBe('true');
    expect($('[data-testid="test-result-telegram"]')!.textContent).toContain('Telegram is not configured');
    expect($('[data-testid="test-result-telegram"]')!.getAttribute('data-delivered')).toBe('false');
  });
});
