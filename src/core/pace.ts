import { stopped, type StopSignal } from './request-scope.js';

/** Longest stretch of synchronous work between two yields, in ms. */
export const SLICE_MS = 8;
/**
 * Work units (multiply-adds, roughly) between two yields for callers that count arithmetic
 * (the fit step): a few ms of JS. What bounds a slice where clocks stand still (workerd).
 */
export const WORK_SLICE = 4_000_000;

const now: () => number = typeof performance !== 'undefined' ? () => performance.now() : () => Date.now();

/** A macrotask turn: timers, I/O and other requests run before the caller continues. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** A pace function: call it between units of work (`units`: how much was done, default 1). */
export type Pace = (units?: number) => Promise<void>;

/**
 * Cooperative pacing for CPU-heavy loops on the request thread (diagnose, fit, evaluate):
 * call the returned `pace()` between units of work. Once `sliceMs` of work has passed since
 * the last yield (or `everyCalls` units, for runtimes whose clock stands still during
 * synchronous work, as workerd's does), it yields a macrotask so other requests and
 * `/healthz` are served; after each yield, and on every call, it throws the request's stop
 * reason (504 `deadline_exceeded`, 503 at shutdown) once the signal has fired. The same
 * code runs on Node and in workerd: no worker threads needed. A caller that counts its
 * arithmetic passes it as `units` with `everyCalls` = WORK_SLICE.
 */
export function pacer(signal?: StopSignal, sliceMs = SLICE_MS, everyCalls = 256): Pace {
  let since = now();
  let calls = 0;
  return async (units = 1) => {
    if (signal?.aborted) throw stopped(signal);
    calls += units;
    if (calls < everyCalls && now() - since < sliceMs) return;
    await yieldToLoop();
    since = now();
    calls = 0;
    if (signal?.aborted) throw stopped(signal);
  };
}

/** A pace that never yields: for callers (tests, tools) that run the work alone. */
export const noPace: Pace = () => Promise.resolve();
