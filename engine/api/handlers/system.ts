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
  };
}

export type SystemHandlers = ReturnType<typeof createSystemHandlers>;
