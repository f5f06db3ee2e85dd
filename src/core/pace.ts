import { stopped, type StopSignal } from './request-scope.js';

/**
 * Cooperative pacing of long CPU work on the event loop (the fit step): call `pace(work)`
 * often with a rough count of the arithmetic done since the last call. After about
 * SLICE_MS of wall time, or WORK_SLICE units of work (workerd freezes clocks while code
 * runs, so the count is what bounds a slice there), it awaits a macrotask so other requests
 * and /healthz are served, and it throws the request's stop error as soon as the signal
 * is aborted: work for a request that timed out ends at its next slice.
 */
export type Pace = (work?: number) => Promise<void>;

/** Longest stretch of work between two yields, in ms (Node). */
export const SLICE_MS = 8;
/** Most work units (multiply-adds, roughly) between two yields: a few ms of JS arithmetic. */
export const WORK_SLICE = 4_000_000;

const macrotask = (): Promise<void> =>
  new Promise((resolve) => {
    const g = globalThis as { setImmediate?: (f: () => void) => unknown };
    if (typeof g.setImmediate === 'function') g.setImmediate(resolve);
    else setTimeout(resolve, 0);
  });

/** A pace function for one piece of work, stopped by `signal`. */
export function pacer(signal?: StopSignal): Pace {
  let since = Date.now();
  let work = 0;
  return async (units = 1) => {
    if (signal?.aborted) throw stopped(signal);
    work += units;
    if (work < WORK_SLICE && Date.now() - since < SLICE_MS) return;
    await macrotask();
    if (signal?.aborted) throw stopped(signal);
    since = Date.now();
    work = 0;
  };
}

/** A pace that never yields: for callers (tests, tools) that run the work alone. */
export const noPace: Pace = () => Promise.resolve();
