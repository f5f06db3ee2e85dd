import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importEdges, type ImportEdge, sourceFiles } from '../support/import-graph.js';
import { readmeLayers, unitOf, violations } from '../support/layering.js';

/**
 * The layering of the code, as zod's `no-circular-imports` test does it: every import of
 * `src/` and `functions/` is read and checked against the layer list in README.md (the one
 * place it is written down), so the diagram and the code cannot drift apart.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Imports that break the rules today, each with why it is still here. The test also fails
 * when one of them no longer exists, so this list only shrinks: delete the line with the fix.
 */
const KNOWN_VIOLATIONS: readonly string[] = [
  // compile-config and score-prompts use the few-shot head, which itself builds on tasks and
  // config: split the head's maths from its validation (issue 28, few-shot area)
  'cycle (src/core): config <-> fewshot <-> tasks',
  // `serve` runs the Node entry for its side effects: the CLI should call the assembly function
  'entry imported: src/cli/commands/serve.ts -> src/entries/node.ts',
];

describe('architecture', () => {
  const layers = readmeLayers(readFileSync(`${ROOT}/README.md`, 'utf8'));
  const files = sourceFiles(ROOT, ['src', 'functions']);
  const edges = importEdges(ROOT, files);

  it("README's layer list names every top-level folder of src/ exactly once", () => {
    const named = layers.flat();
    const folders = [...new Set(files.filter((f) => f.startsWith('src/')).map(unitOf))].sort();
    expect([...named].filter((u) => u !== 'functions').sort()).toEqual(folders);
    expect(new Set(named).size).toBe(named.length);
    expect(layers.at(-1)).toContain('src/core');
  });

  it('every import points down the layers, with no cycle (except the known, listed ones)', () => {
    const actual = violations(edges, layers);
    const unexpected = actual.filter((v) => !KNOWN_VIOLATIONS.includes(v));
    const stale = KNOWN_VIOLATIONS.filter((v) => !actual.includes(v));
    expect(unexpected, 'new upward import or cycle: fix it (see README "Architecture")').toEqual([]);
    expect(stale, 'fixed: delete these lines from KNOWN_VIOLATIONS').toEqual([]);
  });

  it('the checker catches an upward import, a sideways one, a forbidden package and a cycle', () => {
    const edge = (from: string, to: string, relative = true): ImportEdge => ({ from, to, relative });
    const found = violations(
      [
        edge('src/core/a.ts', 'src/http/app.ts'),
        edge('src/http/x.ts', 'src/backend/y.ts'),
        edge('src/core/b.ts', 'node:fs', false),
        edge('src/cli/c.ts', 'tools/eval/run.ts'),
        edge('src/core/tasks/t.ts', 'src/core/fewshot/f.ts'),
        edge('src/core/fewshot/f.ts', 'src/core/tasks/t.ts'),
        edge('src/runtime/r.ts', 'src/core/a.ts'),
      ],
      layers,
    );
    expect(found).toEqual([
      'cycle (files): src/core/fewshot/f.ts <-> src/core/tasks/t.ts',
      'cycle (src/core): fewshot <-> tasks',
      'layer: src/core/a.ts -> src/http/app.ts',
      'layer: src/http/x.ts -> src/backend/y.ts',
      'package: src/core/b.ts -> node:fs',
      'tools: src/cli/c.ts -> tools/eval/run.ts',
    ]);
  });

  it('keeps every user doc (README, docs/) under 30 KB: dated runs go to lab/', () => {
    const docs = [
      'README.md',
      ...readdirSync(`${ROOT}/docs`, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    const large = docs.filter((f) => statSync(`${ROOT}/${f}`).size > 30 * 1024);
    expect(large).toEqual([]);
  });
});
