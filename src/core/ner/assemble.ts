import type { NameRun } from '../spans/name-runs.js';
import { resolveOverlaps, type Span } from '../spans/propose-spans.js';

export interface TypedSpan {
  span: Span;
  type: string;
  score: number;
  accepted: boolean;
}

/**
 * The names-mode decision shared by recognition and the offline fit, in two steps: accepted
 * whole runs are entities; the parts of every other run (pendingParts) are typed next and
 * their accepted ones resolved greedily by score (mergeEntities).
 */
export function pendingParts(runs: readonly NameRun[], wholes: readonly TypedSpan[]): Span[] {
  const kept = new Set(wholes.filter((w) => w.accepted).map((w) => `${w.span.start}:${w.span.end}`));
  return runs.filter((r) => !(r.whole && kept.has(`${r.start}:${r.end}`))).flatMap((r) => r.parts);
}

export function mergeEntities(wholes: readonly TypedSpan[], parts: readonly TypedSpan[]): TypedSpan[] {
  const scored = parts.filter((t) => t.accepted).map((t) => ({ ...t, text: t.span.text, start: t.span.start, end: t.span.end }));
  return [...wholes.filter((w) => w.accepted), ...resolveOverlaps(scored)].sort((a, b) => a.span.start - b.span.start);
}

/** Types the spans of every text in one batched pass (per text: typed spans, and whether a prompt was cut). */
export type TypeAll = (spans: Span[][]) => Promise<{ typed: TypedSpan[]; truncated: boolean }[]>;

/**
 * Names mode over many texts: whole runs typed in one batched pass, then the parts of the runs
 * not kept in a second; per text the entities (mergeEntities) and whether a prompt was cut.
 */
export async function recognizeRuns(runs: readonly (readonly NameRun[])[], typeAll: TypeAll): Promise<{ entities: TypedSpan[]; truncated: boolean }[]> {
  const first = await typeAll(runs.map((r) => r.filter((x) => x.whole)));
  const second = await typeAll(runs.map((r, t) => pendingParts(r, first[t]!.typed)));
  return runs.map((_, t) => ({ entities: mergeEntities(first[t]!.typed, second[t]!.typed), truncated: first[t]!.truncated || second[t]!.truncated }));
}
