import type { CompiledNer } from '../config/compile-config.js';
import type { MaskedLM } from '../ports.js';
import { spanProbs } from './span-probs.js';
import { spanOptionsOf } from './span-slots.js';
import { recognizeRuns, type TypeAll } from '../ner/assemble.js';
import { proposeCandidates, type Candidates } from '../ner/candidates.js';
import { EVIDENCE_CLASSES, evidenceType, type EvidenceModel } from '../ner/evidence.js';
import { spanFeatures } from '../ner/features.js';
import { lexicon } from '../ner/lexicon.js';

export interface EvidenceEntity {
  text: string;
  type: string;
  start: number;
  end: number;
  score: number;
}

/** The prompt's class probabilities reordered into EVIDENCE_CLASSES order (a missing class reads 0). */
export function inEvidenceOrder(labels: readonly string[], probs: readonly number[]): number[] {
  return EVIDENCE_CLASSES.map((c) => {
    const i = labels.indexOf(c);
    return i < 0 ? 0 : probs[i]!;
  });
}

/**
 * NER with evidence (`options.evidence`): newswire-aware candidates (candidates.ts), each typed
 * by the evidence model from the prompt's probabilities and its word-list, shape, layout and
 * context features; whole runs first, then the parts of the runs not kept (both passes batched
 * over all texts).
 */
export async function recognizeWithEvidence(
  model: MaskedLM,
  compiled: CompiledNer,
  texts: readonly string[],
  evidence: EvidenceModel,
): Promise<{ entities: EvidenceEntity[]; truncated: boolean }[]> {
  const lex = lexicon();
  const { labels } = compiled.verbalizer;
  const cands: Candidates[] = texts.map((text) => proposeCandidates(text, spanOptionsOf(compiled.config.options)));
  const typeAll: TypeAll = async (spans) => {
    const scored = await spanProbs(model, compiled, texts, spans);
    return scored.map((s, t) => ({
      truncated: s.truncated,
      typed: s.probs.map((p, i) => {
        const span = spans[t]![i]!;
        return { span, ...evidenceType(evidence, spanFeatures(lex, cands[t]!, span, inEvidenceOrder(labels, p))) };
      }),
    }));
  };
  const found = await recognizeRuns(
    cands.map((c) => c.runs),
    typeAll,
  );
  return found.map((r, t) => ({
    entities: r.entities.map(({ span, type, score }) => ({ text: span.text, type, start: span.start, end: span.end, score })),
    truncated: cands[t]!.truncated || r.truncated,
  }));
}
