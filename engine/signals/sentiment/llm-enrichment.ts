import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { SENTIMENT_EVENT_TYPES, type DetectedEvent } from '../../model/sentiment';
import { fetchJson } from './sources/http';

export type LlmConfig = { readonly url: string; readonly model: string; readonly apiKey?: string; readonly timeoutMs?: number };

/** What the chat model is asked to return for one headline. */
export type LlmEnrichment = {
  readonly symbols: readonly string[];
  readonly events: readonly DetectedEvent[];
  readonly sentiment: 'bullish' | 'bearish' | 'neutral';
  readonly summary: string;
};

const enrichmentSchema = z.object({
  symbols: z.array(z.string().regex(/^[A-Za-z0-9]{1,12}$/)).max(20).default([]),
  events: z
    .array(z.object({ type: z.enum(SENTIMENT_EVENT_TYPES), severity: z.union([z.literal(1), z.literal(2), z.literal(3)]) }))
    .max(10)
    .default([]),
  sentiment: z.enum(['bullish', 'bearish', 'neutral']),
  summary: z.string().max(500).default(''),
});

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});

const SYSTEM_PROMPT = `You label crypto market news. Reply with one JSON object and nothing else:
{"symbols": [ticker, ...], "events": [{"type": one of ${SENTIMENT_EVENT_TYPES.join('|')}, "severity": 1|2|3}], "sentiment": "bullish"|"bearish"|"neutral", "summary": short phrase}`;

/**
 * Optional enrichment through any OpenAI-compatible chat completions endpoint (llama.cpp server, Ollama,
 * a cloud API): turns a headline into structured event JSON. Off by default; a failure leaves the
 * keyword-based events in place.
 */
export async function enrichWithLlm(config: LlmConfig, text: string, signal: AbortSignal): Promise<LlmEnrichment> {
  const reply = await fetchJson(`${config.url.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST',
    signal,
    timeoutMs: config.timeoutMs ?? 10_000,
    headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
    body: JSON.stringify({
      model: config.model,
      temperature: 0,
      response_format: { type: 'json_object' },
      messages: [
        { role: 'system', content: SYSTEM_PROMPT },
        { role: 'user', content: text.slice(0, 4_000) },
      ],
    }),
  });
  const completion = completionSchema.safeParse(reply);
  if (!completion.success) throw new ValidationError('the chat endpoint did not answer in the chat-completions format');
  const content = completion.data.choices[0]?.message.content ?? '';
  // Models often wrap JSON in a code fence; take the outermost object.
  const json = content.slice(content.indexOf('{'), content.lastIndexOf('}') + 1);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new ValidationError(`the chat model did not return JSON: ${content.slice(0, 120)}`);
  }
  const result = enrichmentSchema.safeParse(parsed);
  if (!result.success) throw new ValidationError(`the chat model's JSON does not match the event schema: ${result.error.issues[0]?.message ?? ''}`);
  return {
    symbols: result.data.symbols.map((s) => s.toUpperCase()),
    events: result.data.events.map((e) => ({ ...e, match: 'llm' })),
    sentiment: result.data.sentiment,
    summary: result.data.summary,
  };
}

/** Keyword events plus the model's, one per type, the higher severity winning. */
export function mergeEvents(keyword: readonly DetectedEvent[], llm: readonly DetectedEvent[]): DetectedEvent[] {
  const byType = new Map<string, DetectedEvent>();
  for (const e of [...keyword, ...llm]) {
    const current = byType.get(e.type);
    if (!current || current.severity < e.severity) byType.set(e.type, e);
  }
  return [...byType.values()];
}
