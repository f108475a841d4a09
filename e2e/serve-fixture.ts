import { mkdirSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { ARTIFACTS, startServeProcess, type ServeFixture } from './serve-process';

export const test = base.extend<{ serve: ServeFixture }>({
  // Playwright reads a fixture's dependencies from its first parameter, which must be a destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  serve: async ({}, use) => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const serve = await startServeProcess(500);
    try {
      await use(serve);
    } finally {
      await serve.stop();
    }
  },
});

export { expect } from '@playwright/test';
export { SERIES, TOKEN, ARTIFACTS } from './serve-process';
