import type { Instrument } from '../stores/market-store';
import { instrumentId } from '../stores/market-store';

type SymbolPickerProps = {
  readonly instruments: readonly Instrument[];
  readonly value: Instrument | null;
  readonly onChange: (instrument: Instrument) => void;
};

/** Chooses an instrument among those with stored candles, labelled "venue · symbol". */
export function SymbolPicker({ instruments, value, onChange }: SymbolPickerProps) {
  const selected = value ? instrumentId(value) : '';
  return (
    <select
      className="picker symbol-picker"
      aria-label="Symbol"
      data-testid="symbol-picker"
      value={selected}
      disabled={instruments.length === 0}
      onChange={(event) => {
        const next = instruments.find((instrument) => instrumentId(instrument) === event.target.value);
        if (next) onChange(next);
      }}
    >
      {instruments.length === 0 && <option value="">No series</option>}
      {value && !instruments.some((i) => instrumentId(i) === selected) && <option value={selected}>{label(value)}</option>}
      {instruments.map((instrument) => (
        <option key={instrumentId(instrument)} value={instrumentId(instrument)}>
          {label(instrument)}
        </option>
      ))}
    </select>
  );
}

function label(instrument: Instrument): string {
  return `${instrument.venue} · ${instrument.symbol}`;
}
