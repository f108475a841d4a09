import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { ValidationError } from '../../../core/errors';
import { fetchText, hostOf } from './http';
import type { PollingAdapter, SourceItem } from './source';

export type RssFeedConfig = { readonly id: string; readonly url: string; readonly name?: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  htmlEntities: true,
  // Titles such as "1.0" or "2024" must stay text.
  parseTagValue: false,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link' || name === 'category',
});

/** RSS 2.0, RSS 1.0 (RDF) and Atom feeds. */
export function createRssAdapter(feed: RssFeedConfig): PollingAdapter {
  let disabledReason: string | null = null;
  try {
    const url = new URL(feed.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') disabledReason = `feed URL must be http(s), not ${url.protocol}`;
  } catch {
    disabledReason = `"${feed.url}" is not a URL`;
  }
  return {
    id: feed.id,
    kind: 'news',
    disabledReason,
    async poll(signal) {
      const xml = await fetchText(feed.url, { signal, headers: { accept: 'application/rss+xml, application/atom+xml, application/xml, text/xml' } });
      return parseFeed(xml, hostOf(feed.url));
    },
  };
}

/** Parses a feed document; malformed XML or an unknown document is a ValidationError naming the problem. */
export function parseFeed(xml: string, origin: string): SourceItem[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new ValidationError(`${origin} sent malformed XML (line ${valid.err.line}): ${valid.err.msg}`);
  const doc = parser.parse(xml) as Record<string, unknown>;
  const rss = record(doc.rss);
  const rdf = record(doc['rdf:RDF']);
  const atom = record(doc.feed);
  if (rss) return list(record(rss.channel)?.item).map((item) => rssItem(item));
  if (rdf) return list(rdf.item).map((item) => rssItem(item));
  if (atom) return list(atom.entry).map((entry) => atomEntry(entry));
  throw new ValidationError(`${origin} sent XML that is neither RSS nor Atom`);
}

function rssItem(value: unknown): SourceItem {
  const item = record(value) ?? {};
  const link = text(list(item.link)[0]);
  const title = clean(text(item.title));
  const guid = text(item.guid) || link || title;
  const date = text(item.pubDate) || text(item['dc:date']);
  return {
    externalId: guid,
    title,
    body: clean(text(item.description)).slice(0, 2_000) || undefined,
    url: link || undefined,
    author: text(item.author) || text(item['dc:creator']) || undefined,
    publishedAt: parseDate(date),
  };
}

function atomEntry(value: unknown): SourceItem {
  const entry = record(value) ?? {};
  const links = list(entry.link).map(record);
  const alternate = links.find((l) => l && (l['@_rel'] === undefined || l['@_rel'] === 'alternate')) ?? links[0];
  const href = alternate ? text(alternate['@_href']) : '';
  const title = clean(text(entry.title));
  return {
    externalId: text(entry.id) || href || title,
    title,
    body: clean(text(entry.summary) || text(entry.content)).slice(0, 2_000) || undefined,
    url: href || undefined,
    author: text(record(entry.author)?.name) || undefined,
    publishedAt: parseDate(text(entry.published) || text(entry.updated)),
  };
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Element text, whether the parser gave a string or an object with attributes and `#text`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return String(value);
  const r = record(value);
  if (r && '#text' in r) return text(r['#text']);
  return '';
}

/** Feed titles and summaries often carry HTML; the model and the feed want plain text. */
function clean(value: string): string {
  return value
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function parseDate(value: string): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}
