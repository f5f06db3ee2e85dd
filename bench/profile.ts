import { classifyTexts, inWords, pool } from './dev-texts.js';
import { SENTIMENT } from './fixtures.js';
import { profiledEngine } from './profiled-engine.js';
import type { Row } from './timing.js';

/** Where a forward pass's time goes: kernel time grouped by kind, from ONNX Runtime's own profiler. */
const Q = 'per-token activation (de)quantization (Abs, ReduceMax, Div, Max, QuantizeLinear, Cast, Mul; before int8_layout.py also Round, Clip)';
const KIND: Record<string, string> = {
  MatMulInteger: 'int8 matmuls (MatMulInteger)',
  Abs: Q,
  QuantizeLinear: Q,
  ReduceMax: Q,
  Max: Q,
  Round: Q,
  Clip: Q,
  Cast: Q,
  Div: Q,
  Mul: Q,
};

export async function profileRows(quick: boolean): Promise<Row[]> {
  const { engine, finish } = await profiledEngine('profile');
  const texts = pool('20–25', inWords(classifyTexts(), 20, 25));
  const inline = { inline: { task: 'classify' as const, ...SENTIMENT, options: { aggregation: 'sum' as const, calibrate: false } } };
  const runs = quick ? 5 : 30;
  for (let i = 0; i < runs; i++) await engine.classify(inline, texts.take(16));
  const events = finish();
  const byKind = new Map<string, number>();
  let total = 0;
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
    const op = e.args?.op_name ?? '?';
    const table = e.args?.input_type_shape?.[0];
    // the word-embedding lookup (graphs from quantize.py alone read a [hidden, vocab] table column by column)
    const dims = table ? Object.values(table)[0] : undefined;
    const kind =
      op === 'Gather' && dims?.length === 2 && dims[1]! > 10_000
        ? 'embedding Gather on the [hidden, vocab] int8 table'
        : op === 'Gather' && dims?.length === 2 && dims[0]! > 10_000
          ? 'embedding Gather on the [vocab, hidden] int8 table'
          : (KIND[op] ?? 'other (attention, LayerNorm, GELU, head…)');
    byKind.set(kind, (byKind.get(kind) ?? 0) + e.dur);
    total += e.dur;
  }
  return [...byKind.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, us]) => ({
      section: 'P profile: 16 × 20–25 words, 1 thread',
      variant: kind,
      value: `${(us / runs / 1000).toFixed(1)} ms per 16 texts`,
      ratio: `${((100 * us) / total).toFixed(0)}% of kernel time`,
    }));
}
