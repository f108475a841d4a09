/**
 * The one door from the renderer to the engine: types only, and only from engine/api/types.
 * Everything else in the renderer imports engine types from here.
 */
export type {
  ApiMethod,
  ApiParams,
  ApiResult,
  Candle,
  CandleColumns,
  CandleEvent,
  DetectedEvent,
  ModelStatus,
  ScoredSentimentItem,
  SentimentAggregate,
  SentimentStatus,
  SentimentWindow,
  SourceStatus,
  ClientMessage,
  EngineEvents,
  EventStream,
  Rejection,
  SeriesKey,
  SeriesSummary,
  ServerMessage,
  SystemInfo,
  SystemStatusEvent,
  Timeframe,
} from '../../../engine/api/types';
