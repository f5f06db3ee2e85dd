import { NONE_LABEL, type CompiledNer } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import { proposeNameRuns } from '../spans/name-runs.js';
import { proposeSpans, resolveOverlaps, type Span } from '../spans/propose-spans.js';
import { argmax } from '../scoring/log-softmax.js';
import { spanOptionsOf } from './span-slots.js';
import { spanProbs } from './span-probs.js';
import { EVIDENCE_CLASSES } from '../ner/evidence.js';
import { EVIDENCE_MODEL } from '../ner/evidence-weights.js';
import { recognizeWithEvidence } from './ner-evidence.js';
import { recognizeRuns, type TypedSpan } from '../ner/assemble.js';

/** The evidence model knows exactly the person/location/organization/misc types and a "none" class. */
const usesEvidenceTypes = (compiled: CompiledNer): boolean =>
  compiled.verbalizer.labels.length === EVIDENCE_CLASSES.length && EVIDENCE_CLASSES.every((c) => compiled.verbalizer.labels.includes(c));

export interface Entity {
  text: string;
  type: string;
  start: number;
  end: number;
  score: number;
}

export interface NerResult {
  entities: Entity[];
  /** True when the text or the candidate list had to be cut to the configured bounds. */
  truncated: boolean;
}

/** Types every span of every text with its most probable class (spanProbs), accepted at or above the threshold. */
async function typeSpans(
  model: MaskedLM,
  compiled: CompiledNer,
  texts: readonly string[],
  spans: Span[][],
): Promise<{ typed: TypedSpan[]; truncated: boolean }[]> {
  const o = compiled.config.options;
  const { labels } = compiled.verbalizer;
  const scored = await spanProbs(model, compiled, texts, spans);
  return scored.map(({ probs, truncated }, t) => ({
    truncated,
    typed: probs.map((p, i) => {
      const best = argmax(p);
      const type = labels[best]!;
      const score = p[best]!;
      return { span: spans[t]![i]!, type, score, accepted: type !== NONE_LABEL && score >= (compiled.thresholds?.[type] ?? o.threshold) };
    }),
  }));
}

const toEntity = ({ span, type, score }: TypedSpan): Entity => ({ text: span.text, type, start: span.start, end: span.end, score });

/**
 * Zero-shot NER. With `spans: "names"` (default) each maximal run of capitalized words is one
 * candidate ("Angela Merkel", "European Union"); only when a whole run is not an entity (or too
 * long to be one) are the n-grams inside it asked, in a second batched pass, so a name and its
 * parts are never both kept. With `spans: "ngrams"` every capitalized n-gram competes at once.
 * Non-entities ("none" class, below the threshold) are dropped; overlaps resolve greedily by score.
 */
export async function recognize(model: MaskedLM, compiled: CompiledNer, texts: readonly string[]): Promise<NerResult[]> {
  const o = compiled.config.options;
  const spanOptions = spanOptionsOf(o);
  if (o.spans === 'ngrams') {
    const proposals = texts.map((text) => proposeSpans(text, spanOptions));
    const typed = await typeSpans(
      model,
      compiled,
      texts,
      proposals.map((p) => p.spans),
    );
    return typed.map((r, t) => ({
      entities: resolveOverlaps(r.typed.filter((x) => x.accepted).map(toEntity)),
      truncated: proposals[t]!.truncated || r.truncated,
    }));
  }
  if (o.evidence && usesEvidenceTypes(compiled)) return recognizeWithEvidence(model, compiled, texts, EVIDENCE_MODEL);
  const proposals = texts.map((text) => proposeNameRuns(text, spanOptions));
  const found = await recognizeRuns(
    proposals.map((p) => p.runs),
    (spans) => typeSpans(model, compiled, texts, spans),
  );
  return found.map((r, t) => ({ entities: r.entities.map(toEntity), truncated: proposals[t]!.truncated || r.truncated }));
}
