import type { AppDeps } from '../../http/app-env.js';
import type { PromptEngine } from '../../core/engine.js';

export type Timely<T> = { inTime: true; value: T } | { inTime: false; late: Promise<T> };

/**
 * Chat platforms drop answers that come after 3 s. When the model is warm the work runs
 * inline and wins if it ends within `budgetMs`; when it is not (a cold Worker needs ~2 s to
 * load it) or the work runs late, the caller acknowledges now and finishes in the background.
 */
export async function answerInTime<T>(app: AppDeps, budgetMs: number, work: (engine: PromptEngine) => Promise<T>): Promise<Timely<T>> {
  if (!app.isReady()) return { inTime: false, late: app.engine().then(work) };
  const running = app.engine().then(work);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), budgetMs)));
  try {
    const first = await Promise.race([running, timeout]);
    return first === 'late' ? { inTime: false, late: running } : { inTime: true, value: first as T };
  } finally {
    clearTimeout(timer);
  }
}
