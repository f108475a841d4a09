import './data-panel.css';
import { useConnection, useMarket, useVenues } from '../../app/stores-context';
import { DownloadProgressBar } from './download-progress';
import { EngineInfo } from './engine-info';
import { SeriesList } from './series-list';

/** What the engine has stored, and which engine this is. */
export function DataPanel() {
  const info = useConnection((state) => state.info);
  return (
    <div className="data-panel">
      <SeriesSection />
      <DownloadsSection />
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

function DownloadsSection() {
  const downloads = useVenues((state) => state.downloads);
  if (downloads.length === 0) return null;
  return (
    <>
      <h3 className="section-title">
        Downloads <span className="section-count">{downloads.length}</span>
      </h3>
      <div className="downloads-list" data-testid="downloads">
        {downloads.slice(0, 5).map((job) => (
          <DownloadProgressBar key={job.id} job={job} />
        ))}
      </div>
    </>
  );
}
