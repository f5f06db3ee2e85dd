import type { Context } from 'hono';

/** The Workers execution context (`waitUntil`), or undefined where the runtime gives none (Node). */
export function executionCtxOf(c: Context): { waitUntil(p: Promise<unknown>): void } | undefined {
  try {
    return c.executionCtx; // hono throws when the runtime gave no execution context
  } catch {
    return undefined;
  }
}
