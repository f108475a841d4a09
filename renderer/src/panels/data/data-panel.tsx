import './data-panel.css';
import { useConnection, useMarket } from '../../app/stores-context';
import { EngineInfo } from './engine-info';
import { SeriesList } from './series-list';

/** What the engine has stored, and which engine this is. */
export function DataPanel() {
  const info = useConnection((state) => state.info);
  return (
    <div className="data-panel">
      <SeriesSection />
      <h3 className="section-title">Engine</h3>
      <EngineInfo info={info} />
    </div>
  );
}

function SeriesSection() {
  const series = useMarket((state) => state.series);
  const loaded = useMarket((state) => state.seriesLoaded);
  return (
    <>
      <h3 className="section-title">
        Stored series <span className="section-count">{loaded ? series.length : ''}</span>
      </h3>
      <SeriesList series={series} loaded={loaded} />
    </>
  );
}
