import './sentiment-panel.css';
import { useEngineClient } from '../../app/stores-context';
import type { ModelStatus, ScoredSentimentItem, SentimentAggregate, SourceStatus } from '../../engine-client/api-types';
import { formatLocalTime } from '../../format/format';
import { FeedSettings } from './feed-settings';
import { gaugeOrder, labelNameTone, labelTone } from './sentiment-state';
import { GAUGE_WINDOW, useSentiment } from './use-sentiment';

/** Headlines and posts as they are scored, per-symbol gauges, and which model and sources are running. */
export function SentimentPanel() {
  const client = useEngineClient();
  const { items, gauges, status, error } = useSentiment(client);
  const ordered = gaugeOrder(gauges);
  return (
    <div className="sentiment-panel" data-testid="sentiment-panel">
      {error && (
        <div className="sentiment-error" role="alert">
          {error}
        </div>
      )}
      {status && <ModelLine model={status.model} />}
      {status && <SourceChips sources={status.sources} />}
      <FeedSettings client={client} />
      {ordered.length > 0 && (
        <>
          <h3 className="section-title">
            Sentiment · {GAUGE_WINDOW} <span className="section-count">{ordered.length}</span>
          </h3>
          <ul className="sentiment-gauges" data-testid="sentiment-gauges">
            {ordered.slice(0, 8).map((a) => (
              <Gauge key={a.symbol} aggregate={a} />
            ))}
          </ul>
        </>
      )}
      <h3 className="section-title">
        Feed <span className="section-count">{items.length}</span>
      </h3>
      {items.length === 0 ? (
        <p className="sentiment-empty" data-testid="sentiment-empty">
          No headlines yet. Enable news feeds or social sources in the sentiment settings.
        </p>
      ) : (
        <ul className="sentiment-feed" data-testid="sentiment-feed">
          {items.map((item) => (
            <FeedItem key={item.id} item={item} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ModelLine({ model }: { readonly model: ModelStatus }) {
  const provider = model.provider === 'cuda' ? 'GPU (CUDA)' : model.provider === 'cpu' ? 'CPU' : null;
  const metrics = model.metrics ? `acc ${(model.metrics.accuracy * 100).toFixed(1)}% · F1 ${model.metrics.macroF1.toFixed(2)}` : null;
  const state = model.state === 'idle' ? 'loads on the first headline' : model.state === 'loading' ? 'loading…' : model.state === 'error' ? model.error : null;
  return (
    <div className="sentiment-model" data-testid="sentiment-model" data-provider={model.provider ?? ''} title={model.cudaError ? `CUDA unavailable: ${model.cudaError}` : model.dir}>
      <span className="sentiment-model-name">{model.name ?? 'sentiment model'}</span>
      {provider && <span className={`sentiment-provider sentiment-provider-${model.provider}`}>{provider}</span>}
      {metrics && <span className="sentiment-metrics">{metrics}</span>}
      {state && <span className={model.state === 'error' ? 'sentiment-model-error' : 'sentiment-muted'}>{state}</span>}
    </div>
  );
}

function SourceChips({ sources }: { readonly sources: readonly SourceStatus[] }) {
  const active = sources.filter((s) => s.state !== 'disabled' || s.message !== 'off in settings');
  if (active.length === 0) return <div className="sentiment-muted sentiment-sources">No sources enabled</div>;
  return (
    <ul className="sentiment-sources" data-testid="sentiment-sources">
      {active.map((s) => (
        <li key={s.id} className={`source-chip source-${s.state}`} title={s.message ?? `${s.items} items`}>
          {s.id} · {s.state}
        </li>
      ))}
    </ul>
  );
}

function Gauge({ aggregate }: { readonly aggregate: SentimentAggregate }) {
  const position = ((aggregate.score + 1) / 2) * 100;
  return (
    <li className="sentiment-gauge" data-symbol={aggregate.symbol}>
      <span className="gauge-symbol">{aggregate.symbol}</span>
      <span className="gauge-track" aria-label={`score ${aggregate.score.toFixed(2)}`}>
        <span className={`gauge-marker tone-${labelTone(aggregate.score)}`} style={{ left: `${position}%` }} />
      </span>
      <span className={`gauge-score tone-${labelTone(aggregate.score)}`}>{aggregate.score >= 0 ? '+' : ''}{aggregate.score.toFixed(2)}</span>
      <span className="gauge-meta">
        {Math.round(aggregate.confidence * 100)}% · {aggregate.count}
        {aggregate.spike && <span className="gauge-spike">spike</span>}
      </span>
    </li>
  );
}

function FeedItem({ item }: { readonly item: ScoredSentimentItem }) {
  const tone = labelNameTone(item.score.label);
  return (
    <li className="feed-item" data-testid="sentiment-item" data-label={item.score.label}>
      <div className="feed-title">
        {item.url ? (
          <a href={item.url} target="_blank" rel="noopener noreferrer">
            {item.title}
          </a>
        ) : (
          item.title
        )}
      </div>
      <div className="feed-meta">
        <span className={`feed-label tone-${tone}`} data-testid="sentiment-label">
          {item.score.label} {Math.round(item.score.confidence * 100)}%
        </span>
        {item.symbols.map((s) => (
          <span key={s} className="feed-symbol">
            {s}
          </span>
        ))}
        {item.events.map((e) => (
          <span key={e.type} className={`feed-event severity-${e.severity}`} title={`matched "${e.match}"`}>
            {e.type}
          </span>
        ))}
        <span className="feed-source">
          {item.sourceId} · {formatLocalTime(item.receivedAt)}
        </span>
      </div>
    </li>
  );
}
