import type { ReactNode } from 'react';

type PanelFrameProps = {
  readonly id: string;
  readonly title: string;
  readonly children: ReactNode;
};

/** The chrome every panel shares: a titled header over a body that fills the rest. */
export function PanelFrame({ id, title, children }: PanelFrameProps) {
  const headingId = `panel-${id}-title`;
  return (
    <section className="panel" data-panel={id} data-testid={`panel-${id}`} aria-labelledby={headingId}>
      <header className="panel-header">
        <h2 id={headingId} className="panel-title">
          {title}
        </h2>
      </header>
      <div className="panel-body">{children}</div>
    </section>
  );
}
