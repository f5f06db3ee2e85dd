import { startWorker } from '../tools/worker/wrangler-dev.js';
import { ms, type Row } from './timing.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * The cold-start row: the first answer of a fresh Worker in local workerd (`wrangler
 * dev` serving the deployment build), i.e. the model load (assets, tokenizer, ONNX session)
 * plus the first classify with the calibrated `sentiment` preset. A new wrangler dev per round.
 */
export async function coldWorkerdRows(quick: boolean): Promise<Row[]> {
  const times: number[] = [];
  for (let r = 0; r < (quick ? 1 : 3); r++) {
    const server = await startWorker();
    try {
      const t0 = performance.now();
      const res = await fetch(`${server.url}/v1/classify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'I really like the film a lot.', config: 'sentiment' }),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`the Worker answered ${res.status}`);
      times.push(performance.now() - t0);
    } finally {
      await server.stop();
    }
  }
  return [
    {
      section: '7 cold start in workerd (wrangler dev)',
      variant: `first classify answer of a fresh Worker (model load included), median of ${times.length}`,
      value: `${ms(median(times))} (each: ${times.map((t) => t.toFixed(0)).join(', ')} ms)`,
      target: 'cold first answer in workerd ≤ 1.2 s',
    },
  ];
}
