import { fetchJson } from './http';
import { arr, obj, str } from './json-fields';
import type { PollingAdapter, SourceItem } from './source';

export type MacroCalendarConfig = {
  readonly id: string;
  readonly url: string;
  /** Impact levels to keep ("High", "Medium", …). */
  readonly impacts?: readonly string[];
};

/**
 * A weekly economic calendar in the common JSON layout (`[{title, country, date, impact, forecast, previous}]`):
 * central-bank meetings, rate decisions and inflation prints, each reported once as a macro item.
 */
export function createMacroCalendarAdapter(config: MacroCalendarConfig): PollingAdapter {
  const impacts = new Set((config.impacts ?? ['High']).map((i) => i.toLowerCase()));
  return {
    id: config.id,
    kind: 'macro',
    disabledReason: config.url ? null : 'no calendar URL set',
    async poll(signal) {
      const items: SourceItem[] = [];
      for (const value of arr(await fetchJson(config.url, { signal }), 'macro calendar')) {
        const event = obj(value, 'calendar event');
        if (!impacts.has(str(event.impact).toLowerCase())) continue;
        const date = Date.parse(str(event.date));
        const title = `${str(event.country)} ${str(event.title)}`.trim();
        const detail = [event.forecast ? `forecast ${str(event.forecast)}` : '', event.previous ? `previous ${str(event.previous)}` : '']
          .filter(Boolean)
          .join(', ');
        items.push({
          externalId: `${title}@${str(event.date)}`,
          title: detail ? `${title} (${detail})` : title,
          publishedAt: Number.isFinite(date) ? date : null,
        });
      }
      return items;
    },
  };
}
