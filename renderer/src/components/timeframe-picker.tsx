import type { Timeframe } from '../engine-client/api-types';

type TimeframePickerProps = {
  readonly choices: readonly Timeframe[];
  /** Timeframes with stored candles for the chosen instrument; the others are shown dimmed. */
  readonly stored: ReadonlySet<Timeframe>;
  readonly value: Timeframe;
  readonly onChange: (timeframe: Timeframe) => void;
};

/** A segmented control of bar lengths, as on every trading terminal. */
export function TimeframePicker({ choices, stored, value, onChange }: TimeframePickerProps) {
  return (
    <div className="timeframe-picker" role="radiogroup" aria-label="Timeframe" data-testid="timeframe-picker">
      {choices.map((timeframe) => (
        <button
          key={timeframe}
          type="button"
          role="radio"
          aria-checked={timeframe === value}
          className="timeframe-option"
          data-stored={stored.has(timeframe)}
          title={stored.has(timeframe) ? undefined : 'No stored candles on this timeframe'}
          onClick={() => onChange(timeframe)}
        >
          {timeframe}
        </button>
      ))}
    </div>
  );
}
