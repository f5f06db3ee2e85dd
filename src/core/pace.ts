import { stopped, type StopSignal } from './request-scope.js';

/** Longest stretch of synchronous work between two yields, in ms. */
export const SLICE_MS = 8;

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** A macrotask turn: timers, I/O and other requests run before the caller continues. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Cooperative pacing for CPU-heavy loops on the request thread (diagnose, fit, evaluate):
 * call the returned `pace()` between units of work. Once `sliceMs` of work has passed since
 * the last yield (or `everyCalls` units, for runtimes whose clock stands still during
 * synchronous work, as workerd's does), it yields a macrotask so other requests and
 * `/healthz` are served; after each yield, and on every call, it throws the request's stop
 * reason (504 `deadline_exceeded`, 503 at shutdown) once the signal has fired. The same
 * code runs on Node and in workerd: no worker threads needed.
 */
export function pacer(signal?: StopSignal, sliceMs = SLICE_MS, everyCalls = 256): () => Promise<void> {
  let since = now();
  let calls = 0;
  return async () => {
    if (signal?.aborted) throw stopped(signal);
    if (++calls < everyCalls && now() - since < sliceMs) return;
    await yieldToLoop();
    since = now();
    calls = 0;
    if (signal?.aborted) throw stopped(signal);
  };
}
