import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import ts from 'typescript';

/** One `import`/`export … from`/`import()` of a source file, resolved to a repository path where it is relative. */
export interface ImportEdge {
  /** Repository-relative path of the importing file, e.g. `src/http/app.ts`. */
  from: string;
  /** Repository-relative `.ts` path for relative specifiers, else the package specifier (`hono`, `node:fs`). */
  to: string;
  relative: boolean;
}

/** Every `.ts` file under `dirs` (repository-relative, `/`-separated), sorted. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  for (const dir of dirs) {
    for (const entry of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })) {
      if (entry.endsWith('.ts') && !entry.endsWith('.d.ts')) files.push(posix.join(dir, entry.split('\\').join('/')));
    }
  }
  return files.sort();
}

/**
 * The imports of each file, read by TypeScript's own pre-processor (type-only imports and
 * dynamic `import()` included: a type dependency ties layers together as much as a value one).
 */
export function importEdges(root: string, files: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const info = ts.preProcessFile(readFileSync(join(root, from), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (fileName.startsWith('.')) {
        const target = relative(root, resolve(root, dirname(from), fileName))
          .split('\\')
          .join('/');
        edges.push({ from, to: target.replace(/\.js$/, '.ts'), relative: true });
      } else {
        edges.push({ from, to: fileName, relative: false });
      }
    }
  }
  return edges;
}

/** Strongly connected components with more than one node (or a self-loop): the import cycles. */
export function cycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || edges.get(v)?.has(v)) found.push(component.sort());
    }
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((a, b) => a.join().localeCompare(b.join()));
}

/** Collapses file edges into edges between groups (`group` maps a file to its group or undefined to leave it out). */
export function groupGraph(edges: readonly ImportEdge[], group: (path: string) => string | undefined): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!e.relative) continue;
    const a = group(e.from);
    const b = group(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    const targets = graph.get(a) ?? new Set<string>();
    targets.add(b);
    graph.set(a, targets);
  }
  return graph;
}
