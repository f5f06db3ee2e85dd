import type { Context } from 'hono';
import { errorFields, log } from '../../core/log.js';

/** Schedules work that must outlive the response (a deferred Slack / Discord answer, a webhook callback). */
export interface BackgroundScheduler {
  /** Keeps `task` alive after the response is sent; never rejects (failures are logged). */
  run(c: Context, label: string, task: () => Promise<void>): void;
}

function executionCtxOf(c: Context): { waitUntil(p: Promise<unknown>): void } | undefined {
  try {
    return c.executionCtx; // hono throws when the runtime gave no execution context (Node)
  } catch {
    return undefined;
  }
}

/**
 * On Workers the task goes to `ctx.waitUntil`, so the isolate stays alive until it ends; on
 * Node it runs as a tracked promise that `idle()` awaits (tests, graceful shutdown).
 */
export class BackgroundTasks implements BackgroundScheduler {
  private readonly pending = new Set<Promise<void>>();

  run(c: Context, label: string, task: () => Promise<void>): void {
    const p = Promise.resolve()
      .then(task)
      .catch((err: unknown) => log('error', { msg: 'background task failed', task: label, ...errorFields(err) }));
    const ctx = executionCtxOf(c);
    if (ctx) {
      ctx.waitUntil(p);
      return;
    }
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** Resolves once every task started so far (and any they started) has ended. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  get size(): number {
    return this.pending.size;
  }
}
