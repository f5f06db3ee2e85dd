import { builtinModules } from 'node:module';
import { cycles, groupGraph, type ImportEdge } from './import-graph.js';

/** The README's architecture block: one line per layer, top (assembly) to bottom (core). */
export function readmeLayers(readme: string): string[][] {
  const section = readme.split('\n## Architecture\n')[1];
  const block = section?.split('```')[1];
  if (!block) throw new Error('README.md has no fenced block under "## Architecture"');
  const layers: string[][] = [];
  for (const line of block.split('\n')) {
    const units = [...line.matchAll(/\bsrc\/([a-z-]+)/g)].map((m) => `src/${m[1]}`);
    if (/(^|\s)functions\//.test(line)) units.push('functions');
    if (units.length) layers.push([...new Set(units)]);
  }
  return layers;
}

/** `src/http/app.ts` → `src/http`; `functions/[[path]].ts` → `functions`; `tools/x/y.ts` → `tools`. */
export function unitOf(path: string): string {
  const [top, second] = path.split('/');
  return top === 'src' ? `src/${second}` : (top ?? path);
}

const NODE_BUILTINS = new Set(builtinModules);
const isNodeBuiltin = (spec: string): boolean => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]!);
const isHttpOrRuntimePackage = (spec: string): boolean => /^(hono|@hono\/|@scalar\/|onnxruntime-|@huggingface\/)/.test(spec);

/** Packages a layer must not import: core stays pure TypeScript; http never touches a model runtime. */
const FORBIDDEN_PACKAGES: Record<string, (spec: string) => boolean> = {
  'src/core': (spec) => isNodeBuiltin(spec) || isHttpOrRuntimePackage(spec),
  'src/http': (spec) => spec.startsWith('onnxruntime-'),
};

export function violations(edges: readonly ImportEdge[], layers: readonly string[][]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((units, i) => {
    for (const u of units) rank.set(u, layers.length - i);
  });
  const found: string[] = [];
  for (const e of edges) {
    const from = unitOf(e.from);
    if (!e.relative) {
      if (FORBIDDEN_PACKAGES[from]?.(e.to)) found.push(`package: ${e.from} -> ${e.to}`);
      continue;
    }
    const to = unitOf(e.to);
    if (to === 'tools') found.push(`tools: ${e.from} -> ${e.to}`);
    else if (to === 'src/entries' && from !== to) found.push(`entry imported: ${e.from} -> ${e.to}`);
    else if (from !== to && rank.has(to) && !((rank.get(to) ?? 0) < (rank.get(from) ?? 0))) found.push(`layer: ${e.from} -> ${e.to}`);
  }
  const inSrc = (p: string): boolean => p.startsWith('src/');
  const within = (dir: string) => (p: string) => {
    if (!p.startsWith(`${dir}/`)) return undefined;
    return p.slice(dir.length + 1).split('/')[0];
  };
  const graphs: [string, (p: string) => string | undefined][] = [
    ['top level', (p) => (inSrc(p) || p.startsWith('functions/') ? unitOf(p) : undefined)],
    ['src/core', within('src/core')],
    ['src/http', within('src/http')],
    ['files', (p) => (inSrc(p) ? p : undefined)],
  ];
  for (const [name, group] of graphs) {
    for (const cycle of cycles(groupGraph(edges, group))) found.push(`cycle (${name}): ${cycle.join(' <-> ')}`);
  }
  return [...new Set(found)].sort();
}
