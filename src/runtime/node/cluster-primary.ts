import cluster, { type Worker } from 'node:cluster';
import { resolve } from 'node:path';
import { FileIdempotencyStore } from './file-idempotency-store.js';
import { answerRateLimit } from './cluster-rate-limiter.js';
import { isWorkerMessage, type PrimaryToWorker, type WorkerToPrimary } from './cluster-messages.js';
import { log } from '../../core/log.js';

export interface PrimaryOptions {
  workers: number;
  dataDir: string;
  /** Intra-op threads per worker's ONNX session. */
  threads: number;
}

/**
 * The cluster primary (CLOZE_WORKERS > 1): forks the workers — each one HTTP server with its
 * own ONNX session, sharing the port — and restarts one that dies after it had started (one
 * that fails to start stops the whole server, as a single process would). It tells every worker how
 * many have their model loaded (so /readyz is 200 only when all are), decides webhook/Slack
 * idempotency claims and holds the rate-limit buckets for all of them, and on SIGTERM/SIGINT passes the signal on, waits for
 * every worker to drain and exits with the worst exit status.
 */
export async function runPrimary(o: PrimaryOptions): Promise<void> {
  const idempotency = await FileIdempotencyStore.open(resolve(o.dataDir, 'idempotency.jsonl'));
  const ready = new Set<number>();
  /** Workers that have had their model once: one that dies before that failed to start (bad port…). */
  const started = new Set<number>();
  let stopping = false;
  let worstExit = 0;

  const broadcast = () => {
    const m: PrimaryToWorker = { type: 'cloze:workers', ready: ready.size, total: o.workers };
    for (const w of Object.values(cluster.workers ?? {})) if (w?.isConnected()) w.send(m);
  };

  const answer = async (w: Worker, m: Extract<WorkerToPrimary, { type: 'cloze:idem' }>) => {
    let reply: PrimaryToWorker;
    try {
      if (m.method === 'claim') reply = { type: 'cloze:idem-reply', id: m.id, record: await idempotency.claim(m.key) };
      else {
        if (m.method === 'complete') await idempotency.complete(m.key, m.answer);
        else await idempotency.release(m.key);
        reply = { type: 'cloze:idem-reply', id: m.id };
      }
    } catch (err) {
      reply = { type: 'cloze:idem-reply', id: m.id, error: err instanceof Error ? err.message : String(err) };
    }
    if (w.isConnected()) w.send(reply);
  };

  const fork = () => {
    const w = cluster.fork({ CLOZE_THREADS: String(o.threads) });
    w.on('message', (m: unknown) => {
      if (!isWorkerMessage(m)) return;
      if (m.type === 'cloze:ready') {
        ready.add(w.id);
        started.add(w.id);
        broadcast();
      } else if (m.type === 'cloze:rate') void answerRateLimit(w, m);
      else void answer(w, m);
    });
  };

  cluster.on('exit', (w, code, signal) => {
    ready.delete(w.id);
    if (stopping) {
      worstExit = Math.max(worstExit, code ?? 1);
      if (Object.keys(cluster.workers ?? {}).length === 0) void idempotency.flush().finally(() => process.exit(worstExit));
      return;
    }
    if (!started.has(w.id)) {
      // a worker that cannot start would fail again: stop, as a single process would
      log('error', { msg: 'worker failed to start; stopping', pid: w.process.pid, code, signal });
      stopping = true;
      worstExit = Math.max(code ?? 1, 1);
      for (const other of Object.values(cluster.workers ?? {})) other?.process.kill('SIGTERM');
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(worstExit);
      return;
    }
    log('error', { msg: 'worker died, starting another', pid: w.process.pid, code, signal });
    broadcast();
    setTimeout(fork, 1_000).unref();
  });

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('info', { msg: 'passing the signal to the workers', signal, workers: o.workers });
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
    });
  }

  log('info', { msg: 'starting workers', workers: o.workers, threads_per_worker: o.threads });
  for (let i = 0; i < o.workers; i++) fork();
}
