import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { IndicatorDescription } from '../../../engine-client/api-types';
import { overlayLabel, parseParams, type OverlayParams } from './overlay-params';
import type { Overlay } from './overlay-store';

/** Closes a popover on Escape or a press outside it (and outside the button that opened it). */
function useDismiss(onClose: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const onPointer = (event: PointerEvent): void => {
      const target = event.target;
      if (!(target instanceof Node) || ref.current?.contains(target)) return;
      if (target instanceof Element && target.closest('[data-testid="indicators-button"], .indicator-chip')) return;
      onClose();
    };
    const onKey = (event: globalThis.KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [onClose]);
  return ref;
}

type PickerProps = {
  readonly catalog: readonly IndicatorDescription[] | null;
  readonly error: string | null;
  readonly full: boolean;
  readonly onPick: (description: IndicatorDescription) => void;
  /** Candlestick patterns, offered with the price overlays: on or off (not counted among the overlays). */
  readonly patternsOn: boolean;
  readonly onTogglePatterns: () => void;
  readonly onClose: () => void;
};

/** The list of indicators, overlays on price first, then those drawn in a pane below. */
export function IndicatorPicker({ catalog, error, full, onPick, patternsOn, onTogglePatterns, onClose }: PickerProps) {
  const ref = useDismiss(onClose);
  const groups: [string, IndicatorDescription[]][] = [
    ['On the price chart', (catalog ?? []).filter((d) => d.pane === 'price')],
    ['In a pane below', (catalog ?? []).filter((d) => d.pane === 'separate')],
  ];
  return (
    <div className="indicator-popover indicator-picker" role="dialog" aria-label="Add an indicator" data-testid="indicator-picker" ref={ref}>
      {error && (
        <div className="indicator-popover-error" role="alert">
          Could not load the indicator list: {error}
        </div>
      )}
      {!catalog && !error && <div className="indicator-popover-note">Loading indicators…</div>}
      {full && <div className="indicator-popover-note">Remove an indicator to add another.</div>}
      {catalog &&
        groups.map(([title, items]) => (
          <section key={title} className="indicator-group">
            <h3>{title}</h3>
            {items.map((description) => (
              <button key={description.id} type="button" className="indicator-option" data-indicator={description.id} disabled={full} onClick={() => onPick(description)}>
                <span className="indicator-option-label">{description.label}</span>
                <span className="indicator-option-name">{description.name}</span>
              </button>
            ))}
            {title === 'On the price chart' && (
              <button type="button" className="indicator-option" data-indicator="patterns" aria-pressed={patternsOn} onClick={onTogglePatterns}>
                <span className="indicator-option-label">Patterns</span>
                <span className="indicator-option-name">Candlestick patterns</span>
              </button>
            )}
          </section>
        ))}
    </div>
  );
}

type EditorProps = {
  readonly description: IndicatorDescription;
  readonly overlay: Overlay;
  readonly onApply: (params: OverlayParams) => void;
  readonly onRemove: () => void;
  readonly onClose: () => void;
};

/** Parameters of one overlay as number fields with their ranges; a bad value is explained, not sent. */
export function IndicatorEditor({ description, overlay, onApply, onRemove, onClose }: EditorProps) {
  const ref = useDismiss(onClose);
  const [fields, setFields] = useState<Record<string, string>>(() =>
    Object.fromEntries(description.params.map((p) => [p.name, String(overlay.params[p.name] ?? p.default)])),
  );
  const [error, setError] = useState<string | null>(null);
  const apply = (): void => {
    const parsed = parseParams(description, fields);
    if ('error' in parsed) setError(parsed.error);
    else onApply(parsed.params);
  };
  const onKeyDown = (event: KeyboardEvent): void => {
    if (event.key === 'Enter') apply();
  };
  return (
    <div className="indicator-popover indicator-editor" role="dialog" aria-label={`Edit ${overlayLabel(description, overlay.params)}`} data-testid="indicator-editor" ref={ref}>
      <div className="indicator-editor-title">
        <span className="indicator-chip-swatch" style={{ background: overlay.color }} aria-hidden="true" />
        {description.name}
      </div>
      {description.params.length === 0 && <div className="indicator-popover-note">No parameters.</div>}
      {description.params.map((spec) => (
        <label key={spec.name} className="indicator-field">
          <span>{spec.label}</span>
          <input
            type="number"
            inputMode={spec.integer ? 'numeric' : 'decimal'}
            min={spec.min}
            max={spec.max}
            step={spec.step}
            value={fields[spec.name] ?? ''}
            aria-invalid={error !== null}
            data-param={spec.name}
            onChange={(event) => {
              setFields({ ...fields, [spec.name]: event.target.value });
              setError(null);
            }}
            onKeyDown={onKeyDown}
          />
          <span className="indicator-field-range">
            {spec.min}–{spec.max}
          </span>
        </label>
      ))}
      {error && (
        <div className="indicator-popover-error" role="alert" data-testid="indicator-editor-error">
          {error}
        </div>
      )}
      <div className="indicator-editor-actions">
        <button type="button" className="indicator-action indicator-action-danger" onClick={onRemove}>
          Remove
        </button>
        <span className="indicator-editor-spacer" />
        <button type="button" className="indicator-action" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="indicator-action indicator-action-primary" onClick={apply} disabled={description.params.length === 0}>
          Apply
        </button>
      </div>
    </div>
  );
}
