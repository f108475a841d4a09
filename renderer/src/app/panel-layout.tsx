import { PanelFrame } from './panel-frame';
import { PANELS, panelsIn, type PanelArea, type PanelDefinition } from './panel-registry';

const AREAS: readonly PanelArea[] = ['main', 'side', 'bottom'];

/** The workstation's grid: each area stacks its registered panels; empty areas take no room. */
export function PanelLayout({ panels = PANELS }: { readonly panels?: readonly PanelDefinition[] }) {
  return (
    <div className="panel-layout">
      {AREAS.map((area) => {
        const inArea = panelsIn(area, panels);
        if (inArea.length === 0) return null;
        return (
          <div key={area} className={`panel-area panel-area-${area}`} data-area={area}>
            {inArea.map(({ id, title, component: Panel }) => (
              <PanelFrame key={id} id={id} title={title}>
                <Panel />
              </PanelFrame>
            ))}
          </div>
        );
      })}
    </div>
  );
}
