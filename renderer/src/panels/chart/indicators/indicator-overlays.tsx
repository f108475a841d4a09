import './indicator-overlays.css';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { IndicatorDescription } from '../../../engine-client/api-types';
import { useEngineClient } from '../../../app/stores-context';
import { browserStorage } from '../../../stores/connection-storage';
import type { ChartLayerProps } from '../chart-layers';
import { IndicatorEditor, IndicatorPicker } from './indicator-menus';
import { PANE_SEPARATOR } from './overlay-colors';
import { OverlayDrawing } from './overlay-drawing';
import { startOverlayFeed, type OverlayFeed, type OverlayStatus } from './overlay-feed';
import { defaultParams, overlayLabel, sanitizeParams } from './overlay-params';
import { lastValue } from './overlay-series';
import { PatternChip } from './pattern-chip';
import { createPatternToggle } from './pattern-store';
import { createOverlayStore, MAX_OVERLAYS, type Overlay } from './overlay-store';
import { errorText } from '../../../format/format';

type Menu = { readonly kind: 'picker' } | { readonly kind: 'edit'; readonly id: string } | null;

/**
 * The indicator-overlay chart layer: an "Indicators" button with a picker, the chosen overlays drawn on
 * the price pane or in panes of their own, a chip per overlay (its values at the last bar; click to edit,
 * × to remove). Choices are remembered per browser and recomputed when a bar closes.
 */
export function IndicatorOverlays({ chart, series }: ChartLayerProps) {
  const client = useEngineClient();
  const [store] = useState(() => createOverlayStore(browserStorage()));
  const overlays = useStore(store, (state) => state.overlays);
  const [patternToggle] = useState(() => createPatternToggle(browserStorage()));
  const patternsOn = useStore(patternToggle, (state) => state.on);
  const [catalog, setCatalog] = useState<readonly IndicatorDescription[] | null>(null);
  const [catalogError, setCatalogError] = useState<string | null>(null);
  const [statuses, setStatuses] = useState<Readonly<Record<string, OverlayStatus>>>({});
  const [menu, setMenu] = useState<Menu>(null);
  const [paneTops, setPaneTops] = useState<Readonly<Record<string, number>>>({});
  const drawings = useRef(new Map<string, OverlayDrawing>());
  const statusRef = useRef<Record<string, OverlayStatus>>({});
  const feed = useRef<OverlayFeed | null>(null);
  const computed = useRef(new Map<string, string>());

  useEffect(() => {
    let live = true;
    client.call('indicators.list', {}).then(
      (list) => live && setCatalog(list),
      (error: unknown) => live && setCatalogError(errorText(error)),
    );
    return () => {
      live = false;
    };
  }, [client]);
  const byId = useMemo(() => new Map((catalog ?? []).map((d) => [d.id, d])), [catalog]);

  // Where each separate pane starts, so its chip sits inside it.
  const measure = useCallback(() => {
    const root = chart.api.chartElement().getBoundingClientRect();
    const tops: Record<string, number> = {};
    for (const [id, drawing] of drawings.current) {
      if (drawing.description.pane !== 'separate') continue;
      const element = drawing.pane()?.getHTMLElement();
      if (element) tops[id] = Math.round(element.getBoundingClientRect().top - root.top);
    }
    setPaneTops((previous) => (JSON.stringify(previous) === JSON.stringify(tops) ? previous : tops));
  }, [chart]);

  useEffect(() => {
    chart.api.applyOptions({ layout: { panes: PANE_SEPARATOR } });
    const element = chart.api.chartElement();
    const observer = new ResizeObserver(() => measure());
    observer.observe(element);
    const all = drawings.current;
    return () => {
      observer.disconnect();
      for (const drawing of all.values()) drawing.dispose();
      all.clear();
    };
  }, [chart, measure]);

  // Series on the chart follow the list of overlays.
  useEffect(() => {
    const map = drawings.current;
    for (const [id, drawing] of map) {
      if (!overlays.some((o) => o.id === id)) {
        drawing.dispose();
        map.delete(id);
      }
    }
    for (const overlay of overlays) {
      const description = byId.get(overlay.indicator);
      if (!description) continue;
      // Choices remembered by an older version may be out of today's ranges: bring them back in.
      const clean = sanitizeParams(description, overlay.params);
      if (JSON.stringify(clean) !== JSON.stringify(overlay.params)) store.getState().update(overlay.id, clean);
      if (map.has(overlay.id)) continue;
      const drawing = new OverlayDrawing(chart.api, description, overlay.color);
      map.set(overlay.id, drawing);
      const status = statusRef.current[overlay.id];
      if (status?.kind === 'ready') drawing.setResult(status.result);
    }
    const frame = requestAnimationFrame(() => requestAnimationFrame(measure));
    return () => cancelAnimationFrame(frame);
  }, [chart, overlays, byId, measure, store]);

  // One feed per series: computes every overlay, and again when a bar closes.
  useEffect(() => {
    statusRef.current = {};
    setStatuses({});
    computed.current.clear();
    const started = startOverlayFeed(client, series, () => store.getState().overlays, (id, status) => {
      statusRef.current = { ...statusRef.current, [id]: status };
      setStatuses(statusRef.current);
      if (status.kind === 'ready') drawings.current.get(id)?.setResult(status.result);
    });
    feed.current = started;
    for (const overlay of store.getState().overlays) computed.current.set(overlay.id, JSON.stringify(overlay.params));
    started.refreshAll();
    return () => {
      started.stop();
      feed.current = null;
    };
  }, [client, series, store]);

  // An overlay added or edited is computed at once.
  useEffect(() => {
    for (const overlay of overlays) {
      const params = JSON.stringify(overlay.params);
      if (computed.current.get(overlay.id) === params) continue;
      computed.current.set(overlay.id, params);
      feed.current?.refresh(overlay);
    }
    for (const id of computed.current.keys()) if (!overlays.some((o) => o.id === id)) computed.current.delete(id);
  }, [overlays]);

  const add = (description: IndicatorDescription): void => {
    store.getState().add(description.id, defaultParams(description));
    setMenu(null);
  };
  const editing = menu?.kind === 'edit' ? overlays.find((o) => o.id === menu.id) : undefined;
  const editingDescription = editing ? byId.get(editing.indicator) : undefined;
  const priceOverlays = overlays.filter((o) => byId.get(o.indicator)?.pane !== 'separate');
  const paneOverlays = overlays.filter((o) => byId.get(o.indicator)?.pane === 'separate');

  return (
    <div className="indicator-layer" data-testid="indicator-layer" data-overlay-count={overlays.length}>
      <button
        type="button"
        className="indicator-button"
        data-testid="indicators-button"
        aria-haspopup="dialog"
        aria-expanded={menu?.kind === 'picker'}
        onClick={() => setMenu(menu?.kind === 'picker' ? null : { kind: 'picker' })}
      >
        <span className="indicator-button-icon" aria-hidden="true">
          ƒ
        </span>
        Indicators
        {overlays.length + (patternsOn ? 1 : 0) > 0 && <span className="indicator-button-count">{overlays.length + (patternsOn ? 1 : 0)}</span>}
      </button>
      {menu?.kind === 'picker' && (
        <IndicatorPicker
          catalog={catalog}
          error={catalogError}
          full={overlays.length >= MAX_OVERLAYS}
          onPick={add}
          patternsOn={patternsOn}
          onTogglePatterns={() => {
            patternToggle.getState().set(!patternsOn);
            setMenu(null);
          }}
          onClose={() => setMenu(null)}
        />
      )}
      {editing && editingDescription && (
        <IndicatorEditor
          key={editing.id}
          description={editingDescription}
          overlay={editing}
          onApply={(params) => {
            store.getState().update(editing.id, params);
            setMenu(null);
          }}
          onRemove={() => {
            store.getState().remove(editing.id);
            setMenu(null);
          }}
          onClose={() => setMenu(null)}
        />
      )}
      <div className="indicator-chips">
        {patternsOn && <PatternChip chart={chart} series={series} onRemove={() => patternToggle.getState().set(false)} />}
        {(catalog ? priceOverlays : []).map((overlay) => (
          <OverlayChip key={overlay.id} overlay={overlay} description={byId.get(overlay.indicator)} status={statuses[overlay.id]} drawing={drawings.current.get(overlay.id)} onEdit={() => setMenu({ kind: 'edit', id: overlay.id })} onRemove={() => store.getState().remove(overlay.id)} />
        ))}
      </div>
      {paneOverlays.map((overlay) => {
        const top = paneTops[overlay.id];
        if (top === undefined) return null;
        return (
          <div key={overlay.id} className="indicator-chips indicator-chips-pane" style={{ top: top + 4 }}>
            <OverlayChip overlay={overlay} description={byId.get(overlay.indicator)} status={statuses[overlay.id]} drawing={drawings.current.get(overlay.id)} onEdit={() => setMenu({ kind: 'edit', id: overlay.id })} onRemove={() => store.getState().remove(overlay.id)} />
          </div>
        );
      })}
    </div>
  );
}

type OverlayChipProps = {
  readonly overlay: Overlay;
  readonly description: IndicatorDescription | undefined;
  readonly status: OverlayStatus | undefined;
  readonly drawing: OverlayDrawing | undefined;
  readonly onEdit: () => void;
  readonly onRemove: () => void;
};

/** Label and last values of one overlay; the label opens the editor, × removes it. */
function OverlayChip({ overlay, description, status, drawing, onEdit, onRemove }: OverlayChipProps) {
  const label = description ? overlayLabel(description, overlay.params) : overlay.indicator;
  const plotted = description?.outputs.filter((o) => o.style !== 'hidden') ?? [];
  const result = status?.kind === 'ready' ? status.result : null;
  const points = result ? (result.values[plotted[0]?.key ?? ''] ?? []).filter((v) => v !== null).length : 0;
  const state = description ? (status?.kind ?? 'loading') : 'unknown';
  return (
    <div className="indicator-chip" data-testid="indicator-chip" data-indicator={overlay.indicator} data-status={state} data-points={points}>
      <span className="indicator-chip-swatch" style={{ background: overlay.color }} aria-hidden="true" />
      <button type="button" className="indicator-chip-label" onClick={onEdit} title="Edit parameters" disabled={!description}>
        {label}
      </button>
      {result &&
        plotted.map((output, i) => {
          const value = lastValue(result.values[output.key]);
          return (
            <span key={output.key} className="indicator-chip-value" style={{ color: drawing?.colorOf(i) ?? overlay.color }} title={output.label}>
              {value === null ? '–' : formatIndicatorValue(value)}
            </span>
          );
        })}
      {status?.kind === 'error' && (
        <span className="indicator-chip-error" role="alert" title={status.message}>
          {status.message}
        </span>
      )}
      {!description && <span className="indicator-chip-error">not offered by this engine</span>}
      <button type="button" className="indicator-chip-remove" aria-label={`Remove ${label}`} onClick={onRemove}>
        ×
      </button>
    </div>
  );
}

/** Compact numbers for chips: grouped thousands, at most 2 decimals (4 below 1). */
export function formatIndicatorValue(value: number): string {
  const digits = Math.abs(value) < 1 ? 4 : 2;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: Math.min(2, digits) });
}
