import type { PromptConfig } from '../../core/config/schema.js';

export interface CardFacts {
  name: string;
  baseModel: string;
  config: PromptConfig;
  examples: number;
  trainExamples: number;
  valExamples: number;
  labelCounts: Record<string, number>;
  /** Validation accuracy of the written int8 folder through the engine (what the service answers). */
  valAccuracy: number | null;
  /** The same split scored by the fp32 PyTorch model during training. */
  trainingValAccuracy: number | null;
  bestEpoch: number;
  epochsRun: number;
  refit: boolean;
  seed: number;
  seconds: number;
  bytes: number;
  command: string;
  date: string;
}

const pct = (x: number | null): string => (x === null ? 'n/a (no validation split)' : `${(100 * x).toFixed(1)} %`);

/** The short MODEL_CARD.md of a tuned folder: what it was tuned from and on, how well it did, how it was made. */
export function modelCard(f: CardFacts): string {
  const words = 'verbalizer' in f.config ? f.config.verbalizer : f.config.types;
  return `# ${f.name}

A copy of \`${f.baseModel}\` fine-tuned by \`cloze-edge tune\` (prompt tuning of the whole masked LM) on
${f.examples} labelled examples of one ${f.config.task} task, ${f.date}. Same architecture, tokenizer and
layout as the base model; int8 only: \`onnx/model_masked_quantized.onnx\` (the masked int8 graph with the
label-word decoder), ${(f.bytes / 1e6).toFixed(1)} MB in all.

## Task

- template: \`${f.config.template}\`${'templates' in f.config && f.config.templates ? ` (and ${f.config.templates.map((t) => `\`${t}\``).join(', ')})` : ''}
- label words: ${Object.entries(words)
    .map(([label, ws]) => `${label} (${ws.join(', ')})`)
    .join('; ')}
- examples per label: ${Object.entries(f.labelCounts)
    .map(([label, n]) => `${label} ${n}`)
    .join(', ')}

## Validation

${f.valExamples} of the ${f.examples} examples (seed ${f.seed}, stratified by label) were held out to choose the
number of epochs (early stopping): best after epoch ${f.bestEpoch} of ${f.epochsRun} run.
${f.refit ? `The model was then trained again on all ${f.examples} examples for ${f.bestEpoch} epochs.` : `The weights of that epoch were kept (trained on the other ${f.trainExamples} examples).`}

| validation accuracy | |
|---|---:|
| at the chosen epoch, during training (fp32, not trained on them) | ${pct(f.trainingValAccuracy)} |
| this folder through the engine (int8)${f.refit ? ', after the refit trained on them too (optimistic)' : ''} | ${pct(f.valAccuracy)} |

Score data held apart from the examples with \`CLOZE_MODEL=DIR npx cloze-edge eval FILE -c CONFIG.json\`.

## How it was made

\`\`\`sh
${f.command}
\`\`\`

${f.seconds.toFixed(0)} s. \`prompt-config.json\` is the config to serve with it (its \`model\` names this folder).
`;
}
