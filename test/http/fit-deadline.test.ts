import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import type { PromptConfig } from '../../src/core/config/schema.js';
import { PromptEngine } from '../../src/core/engine.js';
import { createApp } from '../../src/http/app.js';
import { warmEngine } from '../../src/runtime/warm-engine.js';
import { json } from '../support/app.js';
import { FakeMaskedLM } from '../support/fake-lm.js';
import { longestStall } from '../support/stall.js';

/**
 * #26 item 2: a PUT with examples whose fit outlives the request's deadline answers 504,
 * stores nothing (then or later), stops its work, and keeps the event loop free meanwhile
 * (before: the fit ran on synchronously, /healthz stalled for seconds, and the config was
 * saved after the 504).
 */
class CountingStore extends MemoryConfigStore {
  puts = 0;
  override put(name: string, config: PromptConfig, hash: string): ReturnType<MemoryConfigStore['put']> {
    this.puts++;
    return super.put(name, config, hash);
  }
}

const WORDS = ['good', 'bad', 'great', 'terrible', 'film', 'person', 'city', 'thing'];
/** 256 examples × 8 labels: a fit of several seconds of CPU, far past a 300 ms deadline. */
const heavy = {
  task: 'classify',
  template: '{text} It was [MASK].',
  verbalizer: Object.fromEntries(WORDS.map((w) => [w, [w]])),
  examples: Array.from({ length: 256 }, (_, i) => ({
    text: `${WORDS[i % 8]} it was ${WORDS[(i * 3) % 8]} ${i} of the ${WORDS[(i * 5) % 8]}`,
    label: WORDS[i % 8]!,
  })),
};

describe('PUT with examples under a deadline', () => {
  it('answers 504, keeps the event loop free, stores nothing and stops working', async () => {
    const store = new CountingStore();
    const model = new FakeMaskedLM();
    const deps = warmEngine(async () => new PromptEngine(model, store));
    const app = createApp(deps, { accessLog: false, deadlineMs: 300 });
    // warm up (first-request compilation, the engine's load) before measuring
    const small = {
      ...heavy,
      verbalizer: { good: ['good'], bad: ['bad'] },
      examples: ['good film', 'it was good', 'good good', 'bad film', 'it was bad', 'bad bad'].map((text) => ({
        text,
        label: text.includes('good') ? 'good' : 'bad',
      })),
    };
    expect((await createApp(deps, { accessLog: false }).request('/v1/configs/small', json(small, 'PUT'))).status).toBe(201);
    store.puts = 0;
    const started = performance.now();
    const put = Promise.resolve(app.request('/v1/configs/heavy', json(heavy, 'PUT')));
    const worst = await longestStall(put, 5); // the event loop's longest stall while the fit runs
    const res = await put;
    expect(res.status).toBe(504);
    expect(performance.now() - started).toBeLessThan(2000);
    const health = performance.now();
    expect((await app.request('/healthz')).status).toBe(200);
    expect(performance.now() - health).toBeLessThan(250);
    // the fit would have needed seconds more: give it time to (wrongly) finish and save
    const calls = model.calls.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(store.puts).toBe(0);
    expect((await app.request('/v1/configs/heavy')).status).toBe(404);
    expect(model.calls.length).toBe(calls); // no model work after the cut
    // a slice is ~8 ms; the margin is for a loaded CI machine (before: a stall of seconds)
    expect(worst).toBeLessThan(400);
  });
});
