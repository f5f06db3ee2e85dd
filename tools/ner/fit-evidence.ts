/**
 * Fits the NER evidence model (src/core/ner/evidence-weights.ts) on the tuned part of
 * conll2003-dev only (tools/eval/ner-split.ts), from the prompt probabilities that
 * tools/ner/dump-probs.ts wrote (plus the knowledge rows, knowledge-rows.ts), then prints the simulated scores per type and layout on the
 * tuned and the held-apart part.   npx tsx tools/ner/fit-evidence.ts [/tmp/ner-probs.json]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { spanMetrics } from '../../src/core/evaluate/metrics.js';
import { mergeEntities, pendingParts, type TypedSpan } from '../../src/core/ner/assemble.js';
import { proposeCandidates } from '../../src/core/ner/candidates.js';
import { calibratedScore, EVIDENCE_CLASSES, evidenceProbs, type EvidenceModel } from '../../src/core/ner/evidence.js';
import { EVIDENCE_TYPES, FEATURE_NAMES, spanFeatures } from '../../src/core/ner/features.js';
import { lexicon } from '../../src/core/ner/lexicon.js';
import { PRESETS } from '../../src/core/config/presets.js';
import { spanOptionsOf } from '../../src/core/tasks/span-slots.js';
import type { Span } from '../../src/core/spans/propose-spans.js';
import { readConll, type NerSentence } from '../eval/datasets.js';
import { isHeldApart, sentenceLayout } from '../eval/ner-split.js';
import { knowledgeRows } from './knowledge-rows.js';
import { fitSoftmax } from './softmax-regression.js';

const dumpPath = process.argv[2] ?? '/tmp/ner-probs.json';
const dump = JSON.parse(await readFile(dumpPath, 'utf8')) as {
  file: string;
  devSentences: number;
  knowledgePerType: number;
  probs: Record<string, number[]>[];
};
const dev = await readConll(dump.file);
if (dev.length !== dump.devSentences) throw new Error('the dump was made from another file: rerun dump-probs.ts');
const sentences = [...dev, ...knowledgeRows(dump.knowledgePerType)];
const preset = PRESETS.get('ner');
if (preset?.task !== 'ner') throw new Error('no ner preset');
const lex = lexicon();

interface Scored {
  span: Span;
  x: number[];
}
interface Row {
  index: number;
  sentence: NerSentence;
  runs: ReturnType<typeof proposeCandidates>['runs'];
  spans: Map<string, Scored>;
}
const rows: Row[] = sentences.map((sentence, index) => {
  const c = proposeCandidates(sentence.text, spanOptionsOf(preset.options));
  const spans = new Map<string, Scored>();
  for (const r of c.runs)
    for (const s of r.whole ? [r, ...r.parts] : r.parts) {
      const key = `${s.start}:${s.end}`;
      const p = dump.probs[index]?.[key];
      if (!p) throw new Error(`sentence ${index}: no probabilities for ${key} (rerun dump-probs.ts)`);
      spans.set(key, { span: s, x: spanFeatures(lex, c, s, p) });
    }
  return { index, sentence, runs: c.runs, spans };
});
const tuned = rows.filter((r) => r.index < dev.length && !isHeldApart(r.index));
const held = rows.filter((r) => r.index < dev.length && isHeldApart(r.index));
const knowledge = rows.filter((r) => r.index >= dev.length);

// training pairs: every scored span of the tuned part, labelled by an exact gold match
const X: number[][] = [];
const Y: number[] = [];
for (const r of [...tuned, ...knowledge])
  for (const s of r.spans.values()) {
    const g = r.sentence.entities.find((e) => e.start === s.span.start && e.end === s.span.end);
    X.push(s.x);
    Y.push(g ? EVIDENCE_CLASSES.indexOf(g.type) : EVIDENCE_CLASSES.length - 1);
  }
const weights = fitSoftmax(X, Y, EVIDENCE_CLASSES.length, { l2: 1e-3, iterations: 600 });

function predict(r: Row, model: EvidenceModel): TypedSpan[] {
  const typed = (s: Span): TypedSpan => {
    const p = evidenceProbs(model, r.spans.get(`${s.start}:${s.end}`)!.x);
    let best = 0;
    for (let c = 1; c < EVIDENCE_TYPES.length; c++) if (p[c]! > p[best]!) best = c;
    const type = EVIDENCE_TYPES[best]!;
    return { span: s, type, score: calibratedScore(model, p[best]!), accepted: p[best]! >= (model.thresholds[type] ?? 0.5) };
  };
  const wholes = r.runs.filter((x) => x.whole).map(typed);
  return mergeEntities(wholes, pendingParts(r.runs, wholes).map(typed));
}
const score = (part: readonly Row[], model: EvidenceModel) =>
  spanMetrics(
    part.map((r) => r.sentence.entities),
    part.map((r) => predict(r, model).map((t) => ({ start: t.span.start, end: t.span.end, type: t.type }))),
  );

// per-type thresholds: coordinate ascent on the tuned part's F1
const thresholds: Record<string, number> = Object.fromEntries(EVIDENCE_TYPES.map((t) => [t, 0.5]));
const grid = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
for (let round = 0; round < 2; round++)
  for (const t of EVIDENCE_TYPES) {
    let best = { v: thresholds[t]!, f1: -1 };
    for (const v of grid) {
      const f1 = score(tuned, { features: FEATURE_NAMES.join(), weights, thresholds: { ...thresholds, [t]: v } }).f1;
      if (f1 > best.f1) best = { v, f1 };
    }
    thresholds[t] = best.v;
  }
const uncalibrated: EvidenceModel = { features: FEATURE_NAMES.join(), weights: weights.map((w) => w.map((v) => +v.toFixed(4))), thresholds };

// Platt scaling on the tuned part: were the kept entities right, given their type probability?
const logit = (p: number) => Math.log(Math.max(p, 1e-9) / Math.max(1 - p, 1e-9));
const kept = tuned.flatMap((r) =>
  predict(r, uncalibrated).map((t) => ({
    x: [1, logit(t.score)],
    y: r.sentence.entities.some((e) => e.start === t.span.start && e.end === t.span.end && e.type === t.type) ? 1 : 0,
  })),
);
const platt = fitSoftmax(
  kept.map((k) => k.x),
  kept.map((k) => k.y),
  2,
  { l2: 0, iterations: 800 },
);
// two-class softmax: P(right) = sigmoid((w1 - w0) · x)
const calibration = { a: +(platt[1]![1]! - platt[0]![1]!).toFixed(4), b: +(platt[1]![0]! - platt[0]![0]!).toFixed(4) };
const model: EvidenceModel = { ...uncalibrated, calibration };

const pct = (v: number) => (100 * v).toFixed(1);
for (const [name, part] of [
  ['tuned', tuned],
  ['held-apart', held],
] as const) {
  const m = score(part, model);
  const types = EVIDENCE_TYPES.map((t) => `${t} ${pct(m.perType[t]?.f1 ?? 0)}`).join(', ');
  const layouts = ['prose', 'headline', 'table', 'dateline']
    .map((l) => {
      const rs = part.filter((r) => sentenceLayout(r.sentence) === l);
      return `${l} ${pct(score(rs, model).f1)} (${rs.length})`;
    })
    .join(', ');
  console.log(`${name} (${part.length} sentences): F1 ${pct(m.f1)} P ${pct(m.precision)} R ${pct(m.recall)} | ${types} | ${layouts}`);
}
console.log('thresholds', thresholds, 'calibration', calibration);

// calibration of the kept entities' scores on the held-apart part: per score bin, the share that is right
const bins = [0.2, 0.4, 0.6, 0.8, 0.9, 1.0001];
const cells = bins.map(() => ({ n: 0, right: 0, score: 0 }));
for (const r of held)
  for (const t of predict(r, model)) {
    const cell = cells[bins.findIndex((b) => t.score < b)]!;
    cell.n++;
    cell.score += t.score;
    if (r.sentence.entities.some((e) => e.start === t.span.start && e.end === t.span.end && e.type === t.type)) cell.right++;
  }
const total = cells.reduce((n, c) => n + c.n, 0);
const ece = cells.reduce((a, c) => a + (c.n ? (c.n / total) * Math.abs(c.right / c.n - c.score / c.n) : 0), 0);
console.log(
  `held-apart calibration (kept entities): ${cells
    .map((c, i) =>
      c.n ? `[${i ? bins[i - 1] : 0}, ${Math.min(1, bins[i]!)}) n=${c.n} mean score ${(c.score / c.n).toFixed(2)} right ${(c.right / c.n).toFixed(2)}` : '',
    )
    .filter(Boolean)
    .join('; ')}; ECE ${ece.toFixed(3)}`,
);
await writeFile(
  'src/core/ner/evidence-weights.ts',
  `// Generated by tools/ner/fit-evidence.ts on the tuned part of conll2003-dev (tools/eval/ner-split.ts) — do not edit.
// biome-ignore-all lint/suspicious/noApproximativeNumericConstant: fitted weights, not constants
import type { EvidenceModel } from './evidence.js';

export const EVIDENCE_MODEL: EvidenceModel = ${JSON.stringify(model, null, 1)};
`,
);
