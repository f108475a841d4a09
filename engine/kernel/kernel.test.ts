import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Kernel } from './kernel';
import { ENGINE_VERSION } from './version';

describe('Kernel', () => {
  it('starts in order and stops in reverse', async () => {
    const log: string[] = [];
    const kernel = new Kernel();
    for (const name of ['store', 'data', 'api']) {
      kernel.add({ name, start: () => void log.push(`start ${name}`), stop: () => void log.push(`stop ${name}`) });
    }
    await kernel.start();
    expect(kernel.state).toBe('running');
    await kernel.stop();
    expect(log).toEqual(['start store', 'start data', 'start api', 'stop api', 'stop data', 'stop store']);
    expect(kernel.state).toBe('stopped');
  });

  it('stops what it started when a component fails to start', async () => {
    const log: string[] = [];
    const kernel = new Kernel();
    kernel.add({ name: 'a', stop: () => void log.push('stop a') });
    kernel.add({
      name: 'b',
      start: () => {
        throw new Error('port in use');
      },
      stop: () => void log.push('stop b'),
    });
    await expect(kernel.start()).rejects.toThrow('component b failed to start: port in use');
    expect(log).toEqual(['stop a']);
  });

  it('stops every component even when one fails to stop, then reports it', async () => {
    const log: string[] = [];
    const kernel = new Kernel();
    kernel.add({ name: 'a', stop: () => void log.push('stop a') });
    kernel.add({
      name: 'b',
      stop: () => {
        throw new Error('stuck');
      },
    });
    await kernel.start();
    await expect(kernel.stop()).rejects.toThrow(/stuck/);
    expect(log).toEqual(['stop a']);
  });

  it('refuses duplicate names and late registration', async () => {
    const kernel = new Kernel();
    kernel.add({ name: 'a' });
    expect(() => kernel.add({ name: 'a' })).toThrow(/already registered/);
    await kernel.start();
    expect(() => kernel.add({ name: 'b' })).toThrow(/running/);
  });

  it('reports the version in package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(ENGINE_VERSION).toBe(pkg.version);
  });
});
