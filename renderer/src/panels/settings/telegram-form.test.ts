import { describe, expect, it } from 'vitest';
import { MAX_CHATS, botTokenProblem, parseChatIds } from './telegram-form';

describe('telegram form', () => {
  it('reads chat ids separated by new lines, commas or spaces, once each', () => {
    expect(parseChatIds('123456789\n-1001234567890, 42  123456789\n\n')).toEqual({ ok: true, ids: ['123456789', '-1001234567890', '42'] });
    expect(parseChatIds('   ')).toEqual({ ok: true, ids: [] });
  });

  it('refuses usernames and other text, naming them', () => {
    const result = parseChatIds('123\n@trader\n12a\n--5');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problem).toContain('Not a chat id: @trader, 12a, --5.');
  });

  it('refuses more chats than the engine keeps', () => {
    const many = Array.from({ length: MAX_CHATS + 1 }, (_, i) => String(1000 + i)).join('\n');
    expect(parseChatIds(many)).toEqual({ ok: false, problem: `At most ${MAX_CHATS} chats can be allowed (${MAX_CHATS + 1} given).` });
  });

  it('checks a bot token’s shape without repeating it', () => {
    const token = '123456789:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp_-q';
    expect(botTokenProblem(token)).toBeNull();
    expect(botTokenProblem(` ${token} `)).toBeNull();
    expect(botTokenProblem('')).toContain('Paste the bot token');
    const bad = '123456789-AAbbCCddEEffGGhhIIjjKKllMMnnOOpp';
    const problem = botTokenProblem(bad);
    expect(problem).toContain('not a bot token');
    expect(problem).not.toContain(bad);
    expect(botTokenProblem('12:AAbbCCddEEffGGhhIIjjKKllMMnnOOpp')).not.toBeNull();
  });
});
