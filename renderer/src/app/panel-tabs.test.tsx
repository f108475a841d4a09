// @vitest-environment happy-dom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PanelLayout } from './panel-layout';
import { placesIn, type PanelDefinition } from './panel-registry';

Reflect.set(globalThis, 'IS_REACT_ACT_ENVIRONMENT', true);

const text = (label: string) => () => <p>{label} body</p>;
const PANELS: readonly PanelDefinition[] = [
  { id: 'chart', title: 'Chart', area: 'main', component: text('chart') },
  { id: 'a', title: 'Alpha', area: 'side', group: 'top', component: text('alpha') },
  { id: 'lone', title: 'Lone', area: 'side', component: text('lone') },
  { id: 'b', title: 'Beta', area: 'side', group: 'top', component: text('beta') },
  { id: 'c', title: 'Gamma', area: 'side', group: 'bottom', component: text('gamma') },
];

describe('placesIn', () => {
  it('gathers a group where its first panel stands and keeps lone panels and single-panel groups apart', () => {
    const places = placesIn('side', PANELS);
    expect(places.map((p) => [p.key, p.panels.map((panel) => panel.id)])).toEqual([
      ['top', ['a', 'b']],
      ['lone', ['lone']],
      ['bottom', ['c']],
    ]);
  });
});

describe('PanelTabs', () => {
  let host: HTMLDivElement;
  let root: Root;

  beforeEach(() => {
    window.localStorage.clear();
    host = document.createElement('div');
    document.body.append(host);
    root = createRoot(host);
  });

  afterEach(() => {
    act(() => root.unmount());
    host.remove();
  });

  const render = () => act(() => root.render(<PanelLayout panels={PANELS} />));
  const tab = (id: string) => host.querySelector<HTMLButtonElement>(`[data-testid="tab-${id}"]`);
  const body = (id: string) => host.querySelector<HTMLElement>(`[data-testid="panel-${id}"]`);

  it('shows the first panel of a group, keeps the others mounted but hidden, and switches on a click', () => {
    render();
    expect(tab('a')?.getAttribute('aria-selected')).toBe('true');
    expect(body('a')?.hidden).toBe(false);
    expect(body('b')?.hidden).toBe(true);
    expect(body('b')?.textContent).toBe('beta body');
    act(() => tab('b')?.click());
    expect(body('a')?.hidden).toBe(true);
    expect(body('b')?.hidden).toBe(false);
    expect(tab('b')?.getAttribute('aria-selected')).toBe('true');
  });

  it('frames lone panels and single-panel groups without tabs', () => {
    render();
    expect(tab('lone')).toBeNull();
    expect(tab('c')).toBeNull();
    expect(host.querySelector('[data-panel="c"] h2')?.textContent).toBe('Gamma');
  });

  it('remembers the open tab of each group across a reload, and ignores a remembered panel that is gone', () => {
    render();
    act(() => tab('b')?.click());
    act(() => root.unmount());
    root = createRoot(host);
    render();
    expect(body('b')?.hidden).toBe(false);
    window.localStorage.setItem('stratus.panel-tab.top', 'removed-panel');
    act(() => root.unmount());
    root = createRoot(host);
    render();
    expect(body('a')?.hidden).toBe(false);
  });

  it('moves between tabs with the arrow keys, wrapping around', () => {
    render();
    const list = host.querySelector('[role="tablist"]');
    act(() => list?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true })));
    expect(body('b')?.hidden).toBe(false);
    act(() => list?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(body('a')?.hidden).toBe(false);
  });
});
