import { z } from 'zod';
import { defineHandler } from '../define-handler';

export type SystemInfo = {
  readonly engineId: string;
  readonly version: string;
  readonly startedAt: number;
  readonly host: 'desktop' | 'serve' | 'cli';
  readonly databasePath: string;
};

export type SystemDeps = {
  readonly info: SystemInfo;
  readonly now: () => number;
};

export function createSystemHandlers(deps: SystemDeps) {
  return {
    'system.info': defineHandler(z.object({}).strict(), () => deps.info),
    'system.ping': defineHandler(z.object({}).strict(), () => ({ now: deps.now() })),
    /** The engine process's memory, for the status view and for long-run measurements. */
    'system.memory': defineHandler(z.object({}).strict(), () => {
      const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
      return { rss, heapUsed, heapTotal, external, arrayBuffers, uptimeMs: Math.round(process.uptime() * 1000) };
    }),
  };
}

export type SystemHandlers = ReturnType<typeof createSystemHandlers>;
