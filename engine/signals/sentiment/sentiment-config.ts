import { z } from 'zod';
import { DEFAULT_SOURCE_WEIGHTS } from './aggregator';

const id = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'ids are lower-case letters, digits, - or _');
const httpUrl = z.string().url().max(2_000).refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL');
const weight = z.number().min(0).max(10);

/**
 * Sentiment settings (the `sentiment.config` setting). Sources start only when enabled here, so a fresh
 * profile, a test or CI never reaches out to the default feeds. Credentials are not settings: they come
 * from the environment (see `SENTIMENT_SECRET_NAMES`), so they never land in the database.
 */
export const sentimentConfigSchema = z
  .object({
    feeds: z
      .array(z.object({ id, url: httpUrl, name: z.string().max(100).optional(), enabled: z.boolean().default(true) }).strict())
      .max(200)
      .default([]),
    feedIntervalSeconds: z.number().int().min(1).max(86_400).default(120),
    reddit: z
      .object({
        enabled: z.boolean().default(false),
        subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/)).max(50).default(['CryptoCurrency', 'Bitcoin']),
        intervalSeconds: z.number().int().min(10).max(86_400).default(120),
        authUrl: httpUrl.optional(),
        apiUrl: httpUrl.optional(),
      })
      .strict()
      .default({ enabled: false, subreddits: ['CryptoCurrency', 'Bitcoin'], intervalSeconds: 120 }),
    x: z
      .object({
        enabled: z.boolean().default(false),
        query: z.string().max(512).default('(bitcoin OR ethereum OR $BTC OR $ETH) lang:en -is:retweet'),
        // Recent search allows a few hundred calls per 15 minutes; one a minute stays well inside.
        intervalSeconds: z.number().int().min(5).max(86_400).default(60),
        apiUrl: httpUrl.optional(),
      })
      .strict()
      .default({ enabled: false, query: '(bitcoin OR ethereum OR $BTC OR $ETH) lang:en -is:retweet', intervalSeconds: 60 }),
    telegram: z
      .object({
        enabled: z.boolean().default(false),
        channels: z.array(z.string().max(64)).max(100).default([]),
        intervalSeconds: z.number().int().min(1).max(86_400).default(10),
        apiUrl: httpUrl.optional(),
      })
      .strict()
      .default({ enabled: false, channels: [], intervalSeconds: 10 }),
    macro: z
      .object({
        enabled: z.boolean().default(false),
        url: httpUrl.optional(),
        impacts: z.array(z.string().max(20)).default(['High']),
        intervalSeconds: z.number().int().min(60).max(86_400).default(3_600),
      })
      .strict()
      .default({ enabled: false, impacts: ['High'], intervalSeconds: 3_600 }),
    webhook: z
      .object({
        enabled: z.boolean().default(false),
        host: z.string().default('127.0.0.1'),
        port: z.number().int().min(0).max(65_535).default(7421),
      })
      .strict()
      .default({ enabled: false, host: '127.0.0.1', port: 7421 }),
    weights: z
      .object({ news: weight, x: weight, reddit: weight, telegram: weight, macro: weight, webhook: weight })
      .strict()
      .default(DEFAULT_SOURCE_WEIGHTS),
    /** A Hugging Face-format ONNX model directory; null uses the shipped model. */
    modelDir: z.string().max(1_000).nullable().default(null),
    aliases: z.record(z.string().regex(/^[A-Z0-9]{1,12}$/), z.array(z.string().min(2).max(60)).max(20)).default({}),
    llm: z
      .object({
        enabled: z.boolean().default(false),
        url: httpUrl.default('http://127.0.0.1:8080/v1'),
        model: z.string().max(200).default('local'),
      })
      .strict()
      .default({ enabled: false, url: 'http://127.0.0.1:8080/v1', model: 'local' }),
  })
  .strict();

export type SentimentConfig = z.output<typeof sentimentConfigSchema>;
export type SentimentConfigInput = z.input<typeof sentimentConfigSchema>;

export const SENTIMENT_CONFIG_KEY = 'sentiment.config';

/** Environment variables that hold the sources' credentials. */
export const SENTIMENT_SECRET_NAMES = {
  redditClientId: 'STRATUS_REDDIT_CLIENT_ID',
  redditClientSecret: 'STRATUS_REDDIT_CLIENT_SECRET',
  xBearerToken: 'STRATUS_X_BEARER_TOKEN',
  telegramBotToken: 'STRATUS_TELEGRAM_BOT_TOKEN',
  webhookToken: 'STRATUS_SENTIMENT_WEBHOOK_TOKEN',
  llmApiKey: 'STRATUS_LLM_API_KEY',
} as const;

export type SentimentSecrets = (name: keyof typeof SENTIMENT_SECRET_NAMES) => string | undefined;

export const environmentSecrets: SentimentSecrets = (name) => process.env[SENTIMENT_SECRET_NAMES[name]] || undefined;
