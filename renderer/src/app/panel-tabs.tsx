import { useState, type KeyboardEvent } from 'react';
import { browserStorage } from '../stores/connection-storage';
import type { PanelDefinition } from './panel-registry';

const TAB_STORAGE_PREFIX = 'stratus.panel-tab.';

type PanelTabsProps = {
  readonly group: string;
  readonly panels: readonly PanelDefinition[];
};

/**
 * Panels that share one place in the grid, one visible at a time behind tabs. Hidden panels stay
 * mounted, so their streams keep flowing and a tab shows current data the moment it is opened.
 * The open tab is remembered per group in this browser.
 */
export function PanelTabs({ group, panels }: PanelTabsProps) {
  const [active, setActive] = useState(() => initialTab(group, panels));
  const select = (id: string): void => {
    setActive(id);
    browserStorage()?.setItem(TAB_STORAGE_PREFIX + group, id);
  };
  // Arrow keys move between tabs, as in every tablist a keyboard user knows.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    const index = panels.findIndex((panel) => panel.id === active);
    const step = event.key === 'ArrowRight' ? 1 : panels.length - 1;
    const next = panels[(index + step) % panels.length];
    if (!next) return;
    select(next.id);
    document.getElementById(`tab-${next.id}`)?.focus();
  };
  return (
    <section className="panel" data-panel-group={group}>
      <div className="panel-header panel-tabs" role="tablist" aria-label={panels.map((panel) => panel.title).join(', ')} onKeyDown={onKeyDown}>
        {panels.map(({ id, title }) => (
          <button
            key={id}
            type="button"
            role="tab"
            id={`tab-${id}`}
            className="panel-tab"
            data-testid={`tab-${id}`}
            aria-selected={id === active}
            aria-controls={`panel-${id}`}
            tabIndex={id === active ? 0 : -1}
            onClick={() => select(id)}
          >
            {title}
          </button>
        ))}
      </div>
      {panels.map(({ id, component: Panel }) => (
        <div
          key={id}
          role="tabpanel"
          id={`panel-${id}`}
          className="panel-body"
          data-panel={id}
          data-testid={`panel-${id}`}
          aria-labelledby={`tab-${id}`}
          hidden={id !== active}
        >
          <Panel />
        </div>
      ))}
    </section>
  );
}

function initialTab(group: string, panels: readonly PanelDefinition[]): string {
  const stored = browserStorage()?.getItem(TAB_STORAGE_PREFIX + group);
  const known = panels.find((panel) => panel.id === stored);
  return known?.id ?? panels[0]?.id ?? '';
}
