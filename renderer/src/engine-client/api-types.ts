/**
 * The one door from the renderer to the engine: types only, and only from engine/api/types.
 * Everything else in the renderer imports engine types from here.
 */
export type {
  AddressLabel,
  ChainStatus,
  FlowBucket,
  OnchainTransfer,
  TransferEvent,
  ApiMethod,
  ApiParams,
  ApiResult,
  Candle,
  CandleColumns,
  CandleEvent,
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
