import { beforeAll, describe, expect, it } from 'vitest';
import type { OrtMaskedLM } from '../../src/backend/ort-masked-lm.js';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { configSchema } from '../../src/core/config/schema.js';
import { diagnoseVerbalizer } from '../../src/core/diagnose/diagnose-verbalizer.js';
import { PromptEngine } from '../../src/core/engine.js';
import { ClozeError } from '../../src/core/errors.js';
import { logSoftmax } from '../../src/core/scoring/log-softmax.js';
import { renderPrompt } from '../../src/core/template/render-prompt.js';
import { heavyClassifyConfig } from '../support/heavy-config.js';
import { defaultModel } from '../support/model.js';
import { longestStall } from '../support/stall.js';

/** Diagnose is bounded: label-word log-probabilities from one log-sum-exp per mask, yields to the event loop, stops at its deadline. */
let model: OrtMaskedLM;
beforeAll(async () => {
  model = await defaultModel();
});

describe('diagnose on a large config', () => {
  it('gives each word its probability from a full-vocabulary softmax (one log-sum-exp per mask)', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const compiled = engine.compile(
      configSchema.parse({ task: 'classify', template: '{text} It was [MASK].', verbalizer: { positive: ['good', 'great'], negative: ['bad'] } }),
    );
    const diag = await diagnoseVerbalizer(model, compiled);
    const rows = ['N/A', ''].map((t) =>
      renderPrompt(compiled.parts, { text: model.tokenizer.encodePlain(t) }, model.tokenizer, { maxLength: model.maxLength, maskCount: 1 }),
    );
    const logits = await model.maskLogits(rows);
    for (const w of diag.words) {
      const expected = logits.reduce((s, r) => s + Math.exp(logSoftmax(r[0]!)[w.token_ids[0]!]!), 0) / 2;
      expect(w.prior).toBeCloseTo(expected, 6);
    }
    // computed once per compiled config
    expect(await diagnoseVerbalizer(model, compiled)).toBe(diag);
  });

  it('stops soon after its deadline, and keeps the event loop turning meanwhile', async () => {
    const engine = new PromptEngine(model, new MemoryConfigStore());
    const compiled = engine.compile(heavyClassifyConfig());
    const signal = { aborted: false, reason: undefined as unknown };
    const budget = 300;
    setTimeout(() => {
      signal.aborted = true;
      signal.reason = new ClozeError('deadline_exceeded', 'cut');
    }, budget);
    const started = performance.now();
    const run = diagnoseVerbalizer(model, compiled, { signal });
    const stall = await longestStall(run);
    const took = performance.now() - started;
    console.log(`diagnose cut after ${took.toFixed(0)} ms, longest stall ${stall.toFixed(0)} ms`);
    await expect(run).rejects.toMatchObject({ code: 'deadline_exceeded' });
    // Before: no deadline at all (15-18 s on this config, one synchronous stretch). The bounds
    // are generous for a loaded 2-core machine; a model pass of 16 short rows takes a few ms.
    expect(took).toBeLessThan(budget + 1_500);
    expect(stall).toBeLessThan(250);
  }, 60_000);
});
