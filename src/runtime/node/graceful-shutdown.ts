import type { Server } from 'node:http';
import type { Lifecycle } from '../../http/app-env.js';

export interface GracefulShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  /** How long in-flight requests may run on after the signal (CLOZE_SHUTDOWN_GRACE_MS). */
  graceMs: number;
  /** Resolves when work that outlives its response (deferred Slack answers, webhook callbacks) is done. */
  backgroundIdle: () => Promise<void>;
  log: (level: 'info' | 'error', fields: Record<string, unknown>) => void;
  /** Ends the process (default process.exit). */
  exit?: (code: number) => void;
}

/** The listener closes only once no connection has come in for this long (see below). */
const QUIET_MS = 250;
/** …but a steady stream of new connections does not hold the process longer than this. */
const LINGER_MAX_MS = 3_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * SIGTERM/SIGINT for one HTTP server process (the whole service, or one cluster worker):
 * /readyz turns 503 at once and new API calls get 503 `shutting_down` with Retry-After, every
 * answer from then on says `Connection: close`; in-flight requests may finish within the grace
 * period. Work still running after it is cut (those requests answer 503). The listener stays
 * open until no connection has arrived for QUIET_MS, so connections already accepted — or
 * queued at the cluster primary, which hands one to a worker only when its event loop is free —
 * get their 503 instead of a reset. Exit status 0 when all in-flight work finished, 1 when some was cut.
 */
export function exitGracefullyOnSignals(o: GracefulShutdownOptions): void {
  const { server, lifecycle } = o;
  let lastConnection = Date.now();
  server.on('connection', () => {
    lastConnection = Date.now();
  });
  // runs right after the app's own listener, before it writes the head: no keep-alive while draining
  server.on('request', (_req, res) => {
    if (lifecycle.draining) res.shouldKeepAlive = false;
  });

  const untilNoneInFlight = async (by: number) => {
    while (lifecycle.inFlight > 0 && Date.now() < by) await sleep(10);
  };

  async function shutdown(signal: string): Promise<void> {
    if (lifecycle.draining) return;
    lifecycle.draining = true;
    const waitUntil = Date.now() + o.graceMs;
    o.log('info', { msg: 'shutting down', signal, in_flight: lifecycle.inFlight, grace_ms: o.graceMs });
    await untilNoneInFlight(waitUntil);
    const cut = lifecycle.inFlight;
    if (cut > 0) {
      lifecycle.cutAll();
      await untilNoneInFlight(Date.now() + 1_000);
    }
    const lingerUntil = Date.now() + LINGER_MAX_MS;
    while ((Date.now() - lastConnection < QUIET_MS || lifecycle.inFlight > 0) && Date.now() < lingerUntil) await sleep(25);
    // Answers already produced are still being written: close gracefully, force after a moment.
    await new Promise<void>((done) => {
      server.close(() => done());
      server.closeIdleConnections();
      setTimeout(() => {
        server.closeAllConnections();
        done();
      }, 2_000).unref();
    });
    // Deferred Slack/Discord answers and webhook callbacks finish within what is left of the grace period.
    await Promise.race([o.backgroundIdle(), sleep(Math.max(0, waitUntil - Date.now()))]);
    o.log(cut > 0 ? 'error' : 'info', { msg: cut > 0 ? 'shutdown cut in-flight requests' : 'shutdown complete', cut });
    (o.exit ?? process.exit)(cut > 0 ? 1 : 0);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}
