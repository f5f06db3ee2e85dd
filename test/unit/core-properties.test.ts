import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lengthBuckets, type BucketOptions } from '../../src/backend/length-buckets.js';
import { canonicalJson, contentHash } from '../../src/core/config/content-hash.js';
import { KeyedMutex } from '../../src/core/config/keyed-mutex.js';
import { LruCache } from '../../src/core/config/lru-cache.js';
import { isClozeError } from '../../src/core/errors.js';
import { resolveOverlaps, type ScoredSpan } from '../../src/core/spans/propose-spans.js';
import { parseTemplate, type TemplatePart } from '../../src/core/template/parse-template.js';

/** Properties of the pure functions under the engine, checked on generated input (fast-check). */

const passCost = (sorted: readonly number[], ends: readonly number[], o: BucketOptions): number => {
  let cost = 0;
  let start = 0;
  for (const end of ends) {
    cost += o.passCostTokens + (end - start) * sorted[end - 1]!;
    start = end;
  }
  return cost;
};

/** Every way to cut n rows into consecutive passes that respect the bounds (n small). */
function allCuts(sorted: readonly number[], o: BucketOptions): number[][] {
  const n = sorted.length;
  const out: number[][] = [];
  for (let mask = 0; mask < 1 << Math.max(0, n - 1); mask++) {
    const ends = [...Array.from({ length: n - 1 }, (_, i) => i + 1).filter((_, i) => mask & (1 << i)), n];
    let start = 0;
    const ok = ends.every((end) => {
      const rows = end - start;
      const fits = rows <= o.maxRows && (rows === 1 || rows * sorted[end - 1]! <= o.maxTokens);
      start = end;
      return fits;
    });
    if (ok) out.push(ends);
  }
  return out;
}

const bucketOptions = fc.record({
  maxRows: fc.integer({ min: 1, max: 8 }),
  maxTokens: fc.integer({ min: 1, max: 600 }),
  passCostTokens: fc.integer({ min: 0, max: 300 }),
});
const sortedLengths = (maxLength: number) => fc.array(fc.integer({ min: 1, max: 128 }), { maxLength }).map((a) => a.sort((x, y) => x - y));

describe('lengthBuckets', () => {
  it('cuts every row into one pass within the bounds', () => {
    fc.assert(
      fc.property(sortedLengths(200), bucketOptions, (sorted, o) => {
        const ends = lengthBuckets(sorted, o);
        expect(ends.at(-1) ?? 0).toBe(sorted.length);
        let start = 0;
        for (const end of ends) {
          const rows = end - start;
          expect(rows).toBeGreaterThan(0);
          expect(rows).toBeLessThanOrEqual(o.maxRows);
          if (rows > 1) expect(rows * sorted[end - 1]!).toBeLessThanOrEqual(o.maxTokens);
          start = end;
        }
      }),
    );
  });

  it('finds the cheapest cut (checked against every cut of up to 9 rows)', () => {
    fc.assert(
      fc.property(sortedLengths(9), bucketOptions, (sorted, o) => {
        const best = Math.min(...allCuts(sorted, o).map((ends) => passCost(sorted, ends, o)));
        expect(passCost(sorted, lengthBuckets(sorted, o), o)).toBe(sorted.length === 0 ? 0 : best);
      }),
    );
  });
});

/** The same JSON value with every object's keys in a random order. */
const shuffledKeys = (value: unknown, seed: number): unknown => {
  if (Array.isArray(value)) return value.map((v, i) => shuffledKeys(v, seed + i));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value);
    entries.sort(([a], [b]) => ((a.length * 31 + seed) % 7) - ((b.length * 31 + seed) % 7) || (seed % 2 ? a.localeCompare(b) : b.localeCompare(a)));
    return Object.fromEntries(entries.map(([k, v]) => [k, shuffledKeys(v, seed + k.length)]));
  }
  return value;
};

describe('canonicalJson', () => {
  it('is valid JSON for the same value, whatever the key order, so equal documents hash equally', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), (value, seed) => {
        const canonical = canonicalJson(value);
        expect(JSON.parse(canonical)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(canonicalJson(shuffledKeys(value, seed))).toBe(canonical);
        expect(contentHash(shuffledKeys(value, seed))).toBe(contentHash(value));
      }),
    );
  });

  it('tells documents apart that differ in one value', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.integer()), fc.string(), fc.integer(), (doc, key, v) => {
        fc.pre(doc[key] !== v);
        expect(canonicalJson({ ...doc, [key]: v })).not.toBe(canonicalJson({ ...doc, [key]: doc[key] === undefined ? null : doc[key] }));
      }),
    );
  });
});

describe('resolveOverlaps', () => {
  const span = fc
    .record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 12 }), score: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ start, length, score }): ScoredSpan => ({ text: `${start}:${length}`, start, end: start + length, score }));

  it('keeps non-overlapping candidates, in text order, and drops only spans beaten by a kept one', () => {
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), (candidates) => {
        const kept = resolveOverlaps(candidates);
        const overlaps = (a: ScoredSpan, b: ScoredSpan) => a.start < b.end && b.start < a.end;
        for (const k of kept) expect(candidates).toContain(k);
        for (let i = 1; i < kept.length; i++) expect(kept[i - 1]!.end).toBeLessThanOrEqual(kept[i]!.start);
        for (const c of candidates.filter((c) => !kept.includes(c))) {
          expect(kept.some((k) => overlaps(k, c) && k.score >= c.score)).toBe(true);
        }
      }),
    );
  });
});

describe('parseTemplate', () => {
  const rules = { required: ['text'], allowed: ['text', 'span'] };
  const literal = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('[MASK]') && !/\[MASK\]/.test(`]${s}[`));
  const part: fc.Arbitrary<TemplatePart> = fc.oneof(
    literal.map((text) => ({ kind: 'literal' as const, text })),
    fc.constantFrom('text', 'span').map((name) => ({ kind: 'slot' as const, name })),
  );
  const source = (parts: readonly TemplatePart[]): string =>
    parts.map((p) => (p.kind === 'literal' ? p.text.replaceAll('{', '{{').replaceAll('}', '}}') : p.kind === 'slot' ? `{${p.name}}` : '[MASK]')).join('');
  const merged = (parts: readonly TemplatePart[]): TemplatePart[] =>
    parts.reduce<TemplatePart[]>((out, p) => {
      const last = out.at(-1);
      if (p.kind === 'literal' && last?.kind === 'literal') out[out.length - 1] = { kind: 'literal', text: last.text + p.text };
      else out.push(p);
      return out;
    }, []);

  it('reads back what was written: literals (braces escaped), placeholders and the mask', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.array(part, { maxLength: 6 }), (before, after) => {
        const parts = merged([{ kind: 'slot', name: 'text' }, ...before, { kind: 'mask' }, ...after]);
        const text = source(parts);
        fc.pre(!text.includes('[MASK]', text.indexOf('[MASK]') + 1));
        expect(parseTemplate(text, rules)).toEqual(parts);
      }),
    );
  });

  it('answers any string with parts or a ClozeError naming the field, nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60, unit: fc.constantFrom('{', '}', '[MASK]', 'a', ' ', '{text}', '{span}', '{x}', '[') }), (text) => {
        try {
          const parts = parseTemplate(text, rules, 'templates.0');
          expect(parts.filter((p) => p.kind === 'mask')).toHaveLength(1);
        } catch (err) {
          expect(isClozeError(err) && err.field === 'templates.0').toBe(true);
        }
      }),
    );
  });
});

describe('LruCache', () => {
  const op = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.integer({ min: 0, max: 6 }), value: fc.integer() }),
    fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.integer({ min: 0, max: 6 }) }),
  );

  it('behaves as a list ordered by last use, cut at its capacity', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (capacity, ops) => {
        const cache = new LruCache<number, number>(capacity);
        let model: [number, number][] = []; // most recently used last
        for (const o of ops) {
          const i = model.findIndex(([k]) => k === o.key);
          if (o.kind === 'set') {
            if (i >= 0) model.splice(i, 1);
            model.push([o.key, o.value]);
            if (model.length > capacity) model = model.slice(1);
            cache.set(o.key, o.value);
          } else if (o.kind === 'get') {
            const hit = i >= 0 ? model.splice(i, 1)[0] : undefined;
            if (hit) model.push(hit);
            expect(cache.get(o.key)).toBe(hit?.[1]);
          } else {
            if (i >= 0) model.splice(i, 1);
            cache.delete(o.key);
          }
          expect(cache.size).toBe(model.length);
        }
      }),
    );
  });
});

describe('KeyedMutex', () => {
  it('runs the tasks of one key one at a time, in call order, whatever fails; other keys run alongside', async () => {
    const task = fc.record({ key: fc.constantFrom('a', 'b', 'c'), ticks: fc.integer({ min: 0, max: 3 }), fails: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(task, { minLength: 1, maxLength: 12 }), async (tasks) => {
        const mutex = new KeyedMutex();
        const running = new Map<string, number>();
        const order = new Map<string, number[]>();
        const tick = () => new Promise<void>((r) => setImmediate(r));
        const results = await Promise.allSettled(
          tasks.map((t, i) =>
            mutex.run(t.key, async () => {
              expect(running.get(t.key) ?? 0).toBe(0);
              running.set(t.key, 1);
              order.set(t.key, [...(order.get(t.key) ?? []), i]);
              for (let n = 0; n < t.ticks; n++) await tick();
              running.set(t.key, 0);
              if (t.fails) throw new Error(`task ${i}`);
              return i;
            }),
          ),
        );
        for (const [key, seen] of order) {
          expect(seen).toEqual(tasks.flatMap((t, i) => (t.key === key ? [i] : [])));
        }
        results.forEach((r, i) => {
          expect(r.status).toBe(tasks[i]!.fails ? 'rejected' : 'fulfilled');
        });
      }),
      { numRuns: 50 },
    );
  });
});
