import { PanelFrame } from './panel-frame';
import { PanelTabs } from './panel-tabs';
import { PANELS, placesIn, type PanelArea, type PanelDefinition } from './panel-registry';

const AREAS: readonly PanelArea[] = ['main', 'side', 'bottom'];

/** The workstation's grid: each area stacks its places (a panel, or a group behind tabs); empty areas take no room. */
export function PanelLayout({ panels = PANELS }: { readonly panels?: readonly PanelDefinition[] }) {
  return (
    <div className="panel-layout">
      {AREAS.map((area) => {
        const places = placesIn(area, panels);
        if (places.length === 0) return null;
        return (
          <div key={area} className={`panel-area panel-area-${area}`} data-area={area}>
            {places.map(({ key, group, panels: inPlace }) => {
              const [single] = inPlace;
              if (group !== null && inPlace.length > 1) return <PanelTabs key={key} group={group} panels={inPlace} />;
              if (!single) return null;
              const { id, title, component: Panel } = single;
              return (
                <PanelFrame key={key} id={id} title={title}>
                  <Panel />
                </PanelFrame>
              );
            })}
          </div>
        );
      })}
    </div>
  );
}
