import { describe, expect, it } from 'vitest';
import { backoffDelay, retry } from './backoff';

const policy = { initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0.5 };

describe('backoff', () => {
  it('grows exponentially up to the cap, with jitter inside the random share', () => {
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy, () => 1))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('retries retryable failures and gives up on others at once', async () => {
    const delays: number[] = [];
    const sleep = async (ms: number) => void delays.push(ms);
    let calls = 0;
    const result = await retry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error('flaky');
        return 'ok';
      },
      { policy, maxAttempts: 5, isRetryable: () => true, sleep },
    );
    expect(result).toBe('ok');
    expect(delays).toHaveLength(2);
    await expect(retry(async () => Promise.reject(new Error('fatal')), { maxAttempts: 5, isRetryable: () => false, sleep })).rejects.toThrow('fatal');
    expect(delays).toHaveLength(2);
  });

  it('throws the last failure after the allowed attempts', async () => {
    let calls = 0;
    const failing = async () => {
      calls += 1;
      throw new Error(`try ${calls}`);
    };
    await expect(retry(failing, { policy, maxAttempts: 3, isRetryable: () => true, sleep: async () => undefined })).rejects.toThrow('try 3');
  });
});
