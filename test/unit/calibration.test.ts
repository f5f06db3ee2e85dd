import { describe, expect, it } from 'vitest';
import { MemoryConfigStore } from '../../src/core/config/config-store.js';
import { PromptEngine } from '../../src/core/engine.js';
import { DEFAULT_TEMPERATURE, expectedCalibrationError, fitTemperature, temper } from '../../src/core/scoring/temperature.js';
import { FakeMaskedLM } from '../support/fake-lm.js';

describe('temperature scaling', () => {
  it('softens or sharpens without changing the ranking', () => {
    const p = [0.7, 0.2, 0.1];
    const soft = temper(p, 2);
    expect(soft[0]).toBeCloseTo(Math.sqrt(0.7) / (Math.sqrt(0.7) + Math.sqrt(0.2) + Math.sqrt(0.1)), 12);
    expect(soft[0]! < 0.7 && soft[0]! > soft[1]! && soft[1]! > soft[2]!).toBe(true);
    expect(temper(p, 0.5)[0]).toBeGreaterThan(0.7);
    expect(temper(p, 1)).toEqual(p);
  });

  it('fits the temperature that makes over-confident scores honest', () => {
    // always 0.99 sure, right 3 times in 4: the fitted T softens toward 0.75
    const probs = Array.from({ length: 40 }, () => [0.99, 0.01]);
    const y = probs.map((_, i) => (i % 4 === 3 ? 1 : 0));
    const t = fitTemperature(probs, y);
    expect(t).toBeGreaterThan(3);
    expect(temper(probs[0]!, t)[0]).toBeCloseTo(0.75, 1);
    // under-confident scores that are always right are sharpened; no rows: 1
    expect(
      fitTemperature(
        [
          [0.6, 0.4],
          [0.4, 0.6],
        ],
        [0, 1],
      ),
    ).toBeLessThan(1);
    expect(fitTemperature([undefined], [0])).toBe(1);
  });

  it('measures the expected calibration error over 10 bins', () => {
    expect(expectedCalibrationError([0.95, 0.95, 0.95, 0.95], [true, true, true, false])).toBeCloseTo(0.2, 12);
    expect(expectedCalibrationError([0.75, 0.75, 0.75, 0.75], [true, true, true, false])).toBeCloseTo(0, 12);
    // two bins, each weighted by its share of the rows
    expect(expectedCalibrationError([0.55, 0.55, 0.95, 0.95], [true, false, true, true])).toBeCloseTo(0.5 * 0.05 + 0.5 * 0.05, 12);
    expect(expectedCalibrationError([], [])).toBe(0);
  });

  it('applies options.temperature, else the default, to the answer’s scores (labels unchanged)', async () => {
    const engine = new PromptEngine(new FakeMaskedLM(), new MemoryConfigStore());
    const config = (options: Record<string, unknown>) => ({
      inline: {
        task: 'classify' as const,
        template: '{text} It was [MASK].',
        verbalizer: { positive: ['good'], negative: ['bad'] },
        options: { aggregation: 'sum' as const, calibrate: false, ...options },
      },
    });
    const [raw] = await engine.classify(config({ temperature: 1 }), ['good film']);
    const [byDefault] = await engine.classify(config({}), ['good film']);
    const [three] = await engine.classify(config({ temperature: 3 }), ['good film']);
    expect(raw!.scores.positive).toBeCloseTo(Math.E / (Math.E + 1), 6);
    expect(byDefault!.scores.positive).toBeCloseTo(temper([Math.E / (Math.E + 1), 1 / (Math.E + 1)], DEFAULT_TEMPERATURE)[0]!, 6);
    expect(three!.scores.positive).toBeCloseTo(Math.exp(1 / 3) / (Math.exp(1 / 3) + 1), 6);
    expect([raw, byDefault, three].map((r) => r!.label)).toEqual(['positive', 'positive', 'positive']);
  });
});
