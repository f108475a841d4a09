import { z } from 'zod';
import { SENTIMENT_WINDOWS } from '../../model/sentiment';
import { readDefaultFeeds } from '../../signals/sentiment/default-feeds';
import type { SentimentRunner } from '../../signals/sentiment/runner/sentiment-runner';
import { sentimentConfigSchema } from '../../signals/sentiment/sentiment-config';
import type { SentimentService } from '../../signals/sentiment/sentiment-service';
import { defineHandler } from '../define-handler';

export type SentimentDeps = { readonly service: SentimentService; readonly runner: SentimentRunner; readonly now: () => number };

const symbol = z.string().min(1).max(20).regex(/^[A-Z0-9]+$/, 'symbols are upper-case letters and digits');

export function createSentimentHandlers(deps: SentimentDeps) {
  return {
    'sentiment.status': defineHandler(z.object({}).strict(), () => deps.service.status()),

    'sentiment.feed': defineHandler(
      z
        .object({
          limit: z.number().int().positive().max(1_000).default(100),
          symbol: symbol.optional(),
          before: z.number().int().positive().optional(),
        })
        .strict(),
      (params) => deps.service.feed(params),
    ),

    'sentiment.latest': defineHandler(z.object({}).strict(), () => deps.service.latest()),

    'sentiment.series': defineHandler(
      z
        .object({
          symbol,
          window: z.enum(SENTIMENT_WINDOWS),
          from: z.number().int().nonnegative().default(0),
          to: z.number().int().nonnegative().optional(),
          limit: z.number().int().positive().max(50_000).default(5_000),
        })
        .strict(),
      ({ symbol: s, window, from, to, limit }) => deps.service.series(s, window, from, to ?? deps.now(), limit),
    ),

    'sentiment.asOf': defineHandler(
      z.object({ symbol, window: z.enum(SENTIMENT_WINDOWS), at: z.number().int().nonnegative() }).strict(),
      ({ symbol: s, window, at }) => deps.service.asOf(s, window, at),
    ),

    'sentiment.config': defineHandler(z.object({}).strict(), () => deps.service.getConfig()),

    'sentiment.configure': defineHandler(sentimentConfigSchema, (config) => deps.service.configure(config)),

    'sentiment.defaultFeeds': defineHandler(z.object({}).strict(), () => readDefaultFeeds()),

    'sentiment.poll': defineHandler(z.object({}).strict(), async () => {
      await deps.service.pollNow();
      return deps.service.status();
    }),

    'sentiment.score': defineHandler(z.object({ text: z.string().min(1).max(20_000) }).strict(), ({ text }) => deps.runner.score(text)),
  };
}

export type SentimentHandlers = ReturnType<typeof createSentimentHandlers>;
