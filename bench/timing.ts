/** Timing helpers for the benchmark: repeated runs, percentiles, a printed table. */
export interface Timing {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function summarize(samples: readonly number[]): Timing {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, mean: s.reduce((a, b) => a + b, 0) / s.length, p50: percentile(s, 0.5), p90: percentile(s, 0.9), p99: percentile(s, 0.99) };
}

/** Runs `fn` for `warmup` untimed rounds, then until `iterations` rounds or `budgetMs` elapse. */
export async function time(fn: () => Promise<unknown>, o: { warmup?: number; iterations: number; budgetMs?: number }): Promise<Timing> {
  for (let i = 0; i < (o.warmup ?? 2); i++) await fn();
  const samples: number[] = [];
  const deadline = performance.now() + (o.budgetMs ?? Infinity);
  while (samples.length < o.iterations && (samples.length < 3 || performance.now() < deadline)) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

export interface Row {
  section: string;
  variant: string;
  value: string;
  /** The comparison this row wins or loses, e.g. "6.2× faster than seed". */
  ratio?: string;
  /** The issue target this row measures; such rows are repeated in the summary table. */
  target?: string;
}

export const ms = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
export const times = (baseline: number, x: number): string => `${(baseline / x).toFixed(1)}×`;

export function printTable(rows: readonly Row[]): string {
  const head: Row = { section: 'section', variant: 'variant', value: 'measured', ratio: 'ratio' };
  const all = [head, ...rows];
  const w = (k: keyof Row) => Math.max(...all.map((r) => (r[k] ?? '').length));
  const line = (r: Row) =>
    `| ${r.section.padEnd(w('section'))} | ${r.variant.padEnd(w('variant'))} | ${r.value.padEnd(w('value'))} | ${(r.ratio ?? '').padEnd(w('ratio'))} |`;
  const sep = `|${'-'.repeat(w('section') + 2)}|${'-'.repeat(w('variant') + 2)}|${'-'.repeat(w('value') + 2)}|${'-'.repeat(w('ratio') + 2)}|`;
  return [line(head), sep, ...rows.map(line)].join('\n');
}

/**
 * Times several variants side by side: each round runs every variant once, in turn, so a
 * machine shared with other jobs slows them alike and their ratios stay meaningful.
 */
export async function sideBySide<K extends string>(
  fns: Record<K, () => Promise<unknown>>,
  o: { warmup?: number; rounds: number; budgetMs?: number },
): Promise<Record<K, Timing>> {
  const keys = Object.keys(fns) as K[];
  for (let i = 0; i < (o.warmup ?? 2); i++) for (const k of keys) await fns[k]();
  const samples = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  const deadline = performance.now() + (o.budgetMs ?? Infinity);
  for (let r = 0; r < o.rounds && (r < 3 || performance.now() < deadline); r++) {
    for (const k of keys) {
      const t = performance.now();
      await fns[k]();
      samples[k].push(performance.now() - t);
    }
  }
  return Object.fromEntries(keys.map((k) => [k, summarize(samples[k])])) as Record<K, Timing>;
}
