/** Thrown inside a route or the emulated account to answer with Bybit's error envelope. */
export class BybitError extends Error {
  constructor(
    readonly retCode: number,
    message: string,
  ) {
    super(message);
  }
}
