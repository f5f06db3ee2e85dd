import type { PromptEngine } from '../core/engine.js';
import { ClozeError } from '../core/errors.js';
import type { AppDeps } from '../http/app-env.js';
import { errorFields, log } from '../core/log.js';

/**
 * Loads the engine once per process (or isolate) and keeps it warm. Concurrent first
 * requests share one load; a failed load is retried on the next request.
 */
export function warmEngine(load: () => Promise<PromptEngine>, describe?: (e: PromptEngine) => Record<string, unknown>): AppDeps {
  let loaded: PromptEngine | undefined;
  let pending: Promise<PromptEngine> | undefined;
  return {
    engine() {
      if (loaded) return Promise.resolve(loaded);
      pending ??= load().then(
        (e) => (loaded = e),
        (err: unknown) => {
          pending = undefined;
          // the reason names server paths or URLs: it goes to the log, not to callers
          log('error', { msg: 'model load failed', ...errorFields(err) });
          throw new ClozeError('model_load_failed', 'the model could not be loaded (the reason is in the server log); retrying on the next request', {
            retryAfterS: 5,
          });
        },
      );
      return pending;
    },
    isReady: () => loaded !== undefined,
    modelInfo: () => (loaded && describe ? describe(loaded) : undefined),
  };
}
