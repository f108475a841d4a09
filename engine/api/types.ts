/**
 * The engine's API as types: the only thing the renderer imports from the engine.
 * The API is the intersection of the per-domain handler maps.
 */
import type { z } from 'zod';
import type { DataHandlers } from './handlers/data';
import type { SentimentHandlers } from './handlers/sentiment';
import type { SystemHandlers } from './handlers/system';

export type EngineApi = SystemHandlers & DataHandlers & SentimentHandlers;
export type ApiMethod = keyof EngineApi;
export type ApiParams<M extends ApiMethod> = z.input<EngineApi[M]['input']>;
export type ApiResult<M extends ApiMethod> = Awaited<ReturnType<EngineApi[M]['handle']>>;

export type { EngineEvents, EventStream, SystemStatusEvent } from './events';
export type { ClientMessage, ServerMessage, EventEnvelope } from './protocol';
export type { Rejection } from '../core/errors';
export type { CandleEvent } from '../data/candle-service';
export type { Candle, CandleColumns, SeriesKey, SeriesSummary } from '../model/candle';
export type { Timeframe } from '../model/timeframe';
export type { SystemInfo } from './handlers/system';
export type {
  DetectedEvent,
  ScoredSentimentItem,
  SentimentAggregate,
  SentimentEventType,
  SentimentSourceKind,
  SentimentWindow,
} from '../model/sentiment';
export type { SentimentStatus } from '../signals/sentiment/sentiment-service';
export type { ModelStatus } from '../signals/sentiment/runner/sentiment-runner';
export type { SourceStatus } from '../signals/sentiment/sources/source';
export type { SentimentConfig } from '../signals/sentiment/sentiment-config';
