import { readFileSync } from 'node:fs';
import { configSchema, type PromptConfig } from '../../src/core/config/schema.js';

/**
 * The hostile pass's heaviest diagnose: 50 labels × 50 label words (some split into pieces),
 * 4 templates and 32 long examples as probes. Words come from the default model's vocabulary.
 */
export function heavyClassifyConfig(labels = 50, perLabel = 50): PromptConfig {
  const vocab = readFileSync(new URL('../../models/cloze-bert-mini/vocab.txt', import.meta.url), 'utf8')
    .split('\n')
    .filter((w) => /^[a-z]{4,}$/.test(w))
    .slice(1000);
  const verbalizer: Record<string, string[]> = {};
  for (let l = 0; l < labels; l++) verbalizer[`l${l}`] = vocab.slice(l * perLabel, (l + 1) * perLabel).map((w, i) => (i % 7 === 3 ? `${w}ness` : w));
  return configSchema.parse({
    task: 'classify',
    template: '{text} It was [MASK].',
    templates: ['{text} All in all, [MASK].', 'A [MASK] one: {text}', '{text} Topic: [MASK].'],
    verbalizer,
    examples: Array.from({ length: 32 }, (_, i) => ({
      text: `this is a long example text number ${i} about films and sports `.repeat(6),
      label: `l${i % labels}`,
    })),
  });
}
