import type { DetectedEvent, SentimentEventType } from '../../model/sentiment';

type Rule = { readonly type: SentimentEventType; readonly severity: 1 | 2 | 3; readonly pattern: RegExp };

/**
 * Keyword rules for market-moving events. Order matters only for reporting; every rule is tried and each
 * event type is reported once, with the highest severity that matched. "Delisting" is checked before
 * "listing" so that one headline is not both.
 */
const RULES: readonly Rule[] = [
  { type: 'hack', severity: 3, pattern: /\b(hack(ed|er|ers)?|exploit(ed)?|drain(ed)?|stolen|breach|rug ?pull(ed)?|attack(ed|er)?)\b/i },
  { type: 'delisting', severity: 3, pattern: /\b(delist(s|ed|ing)?|to remove trading)\b/i },
  { type: 'listing', severity: 2, pattern: /(?<!de)\b(list(s|ed|ing)|will list|to list|adds? trading|launches? trading)\b/i },
  { type: 'partnership', severity: 1, pattern: /\b(partner(s|ed|ship|ships)?|teams? up|collaborat(e|es|ion)|integrat(es|ion))\b/i },
  { type: 'regulation', severity: 3, pattern: /\b(sec|cftc|regulat(or|ors|ion|ory)|lawsuit|sue[sd]?|charge[sd]|indict(ed|ment)|ban(s|ned)?|fine[sd]?|settle(s|d|ment)|court|enforcement)\b/i },
  { type: 'regulation', severity: 2, pattern: /\b(mica|compliance|license[sd]?|legislation|bill)\b/i },
  { type: 'etf', severity: 3, pattern: /\b(etfs?|exchange[- ]traded fund)\b/i },
  { type: 'delay', severity: 2, pattern: /\b(delay(s|ed)?|postpone(s|d)?|push(es|ed)? back|halt(s|ed)?|paus(e|es|ed)|outage)\b/i },
  { type: 'upgrade', severity: 2, pattern: /\b(upgrade[sd]?|hard ?fork|soft ?fork|fork|mainnet|testnet|halving)\b/i },
  { type: 'macro', severity: 3, pattern: /\b(fomc|fed(eral reserve)?|rate (cut|hike)s?|interest rates?|cpi|inflation|ecb|boj|nonfarm|payrolls|powell)\b/i },
  { type: 'macro', severity: 2, pattern: /\b(gdp|unemployment|recession|treasury yields?|pce)\b/i },
];

export function detectEvents(text: string): DetectedEvent[] {
  const best = new Map<SentimentEventType, DetectedEvent>();
  let delisted = false;
  for (const rule of RULES) {
    const match = rule.pattern.exec(text);
    if (!match) continue;
    if (rule.type === 'delisting') delisted = true;
    if (rule.type === 'listing' && delisted) continue;
    const previous = best.get(rule.type);
    if (!previous || previous.severity < rule.severity) best.set(rule.type, { type: rule.type, severity: rule.severity, match: match[0] });
  }
  return [...best.values()];
}
