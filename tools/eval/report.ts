import type { ClassMetrics, SpanMetrics } from '../../src/core/evaluate/metrics.js';
import type { CurveResult } from './learning-curve.js';

const pct = (v: number): string => (100 * v).toFixed(1);

/** The Markdown report: one learning-curve table over all sets, then each set's best-run details. */
export function markdownReport(results: readonly CurveResult[], meta: { model: string; command: string; seeds: number }): string {
  const lines = [
    `# Evaluation`,
    '',
    `Model \`${meta.model}\`; ${meta.seeds} seed(s) per shot count (0 shots = the config as given). Command:`,
    '',
    '```sh',
    meta.command,
    '```',
    '',
    curveTable(results),
  ];
  for (const r of results) {
    const last = r.runs[r.runs.length - 1];
    if (!last) continue;
    lines.push('', `## ${r.task} (${last.shots}-shot, seed ${last.seed})`, '');
    if (r.kind === 'classify') {
      const m = last.metrics as ClassMetrics;
      const ece = last.ece !== undefined ? `, expected calibration error (10 bins) ${last.ece.toFixed(3)}` : '';
      lines.push(`accuracy ${pct(m.accuracy)} %, macro-F1 ${pct(m.macroF1)} %, majority class ${pct(m.majority)} %${ece}`, '');
      lines.push(`| gold \\ predicted | ${m.labels.join(' | ')} |`, `|---|${m.labels.map(() => '---').join('|')}|`);
      m.labels.forEach((l, i) => {
        lines.push(`| ${l} | ${m.confusion[i]!.join(' | ')} |`);
      });
    } else {
      const m = last.metrics as SpanMetrics;
      lines.push(`| type | precision | recall | F1 | gold |`, '|---|---|---|---|---|');
      for (const [t, v] of Object.entries(m.perType)) lines.push(`| ${t} | ${pct(v.precision)} | ${pct(v.recall)} | ${pct(v.f1)} | ${v.support} |`);
      lines.push(`| **all** | ${pct(m.precision)} | ${pct(m.recall)} | ${pct(m.f1)} | |`, '', `span-only F1 (any type) ${pct(m.spanF1)} %`);
      if (last.byLayout) lines.push('', nerLayoutLine(last));
    }
    if (last.learned)
      lines.push(
        '',
        `fit: method \`${last.learned.method}\`, ${last.learned.features} searched words, λ ${last.learned.lambda}${last.learned.cv !== undefined ? `, cross-validated ${pct(last.learned.cv)} % on the examples` : ''}`,
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The learning-curve table: one row per dev set, mean ± sd over seeds per shot count. */
export function curveTable(results: readonly CurveResult[]): string {
  const shots = [...new Set(results.flatMap((r) => r.points.map((p) => p.shots)))].sort((a, b) => a - b);
  const lexicon = results.some((r) => r.lexicon !== undefined);
  const lines = [
    `| dev set | config | metric | scored rows | ${shots.map((k) => (k === 0 ? 'zero-shot' : `${k}-shot`)).join(' | ')} |${lexicon ? ' word list (AFINN) |' : ''}`,
    `|---|---|---|---|${shots.map(() => '---').join('|')}|${lexicon ? '---|' : ''}`,
  ];
  for (const r of results) {
    const cells = shots.map((k) => {
      const p = r.points.find((x) => x.shots === k);
      const ece = p?.extra.ece !== undefined && Number.isFinite(p.extra.ece) ? ` (ECE ${p.extra.ece.toFixed(3)})` : '';
      return p ? `${p.runs > 1 ? `${pct(p.mean)} ± ${pct(p.sd)}` : pct(p.mean)}${ece}` : '';
    });
    const baseline = lexicon ? ` ${r.lexicon !== undefined ? pct(r.lexicon) : ''} |` : '';
    lines.push(`| ${r.task} | ${r.config} | ${r.kind === 'classify' ? 'accuracy %' : 'span F1 %'} | ${r.testRows} | ${cells.join(' | ')} |${baseline}`);
  }
  return lines.join('\n');
}

/** One line per NER run: F1 per type and per layout (sentences in parentheses). */
export function nerBreakdown(results: readonly CurveResult[]): string {
  return results
    .filter((r) => r.kind === 'ner')
    .flatMap((r) => r.runs.map((run) => `${r.task} (${run.shots}-shot${run.shots ? `, seed ${run.seed}` : ''}): ${nerLayoutLine(run)}`))
    .join('\n');
}

function nerLayoutLine(run: CurveResult['runs'][number]): string {
  const m = run.metrics as SpanMetrics;
  const types = Object.entries(m.perType).map(([t, v]) => `${t} ${pct(v.f1)}`);
  const layouts = Object.entries(run.byLayout ?? {}).map(([l, v]) => `${l} ${pct(v.f1)} (${v.sentences})`);
  return `F1 ${pct(m.f1)} | per type: ${types.join(', ')} | per layout: ${layouts.join(', ')}`;
}
