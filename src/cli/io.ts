import { createInterface } from 'node:readline';
import { ClozeError } from '../core/errors.js';
import { httpStatus } from '../http/status.js';
import { LIMITS } from '../core/limits.js';

/** Texts from the arguments, or else one per non-empty line of stdin, in batches of `size`. */
export async function* textBatches(args: readonly string[], size: number): AsyncGenerator<string[]> {
  if (args.length > 0) {
    for (let i = 0; i < args.length; i += size) yield args.slice(i, i + size).map(checked);
    return;
  }
  if (process.stdin.isTTY) throw new ClozeError('validation_failed', 'give the text as arguments or pipe one text per line on stdin', { field: 'text' });
  let batch: string[] = [];
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (!line.trim()) continue;
    batch.push(checked(line));
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

function checked(text: string): string {
  if (text.length > LIMITS.textChars) throw new ClozeError('input_too_long', `a text is longer than ${LIMITS.textChars} characters`, { field: 'text' });
  return text;
}

/** Reads all of stdin (for `configs put` without a file). */
export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new ClozeError('validation_failed', 'pipe the config JSON on stdin or give a file', { field: 'file' });
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** One JSON document per line on stdout. */
export function writeJsonLine(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Parses a JSON option value, naming the option when it is not JSON. */
export function parseJsonOption(value: string, field: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new ClozeError('invalid_json', `--${field} is not valid JSON`, { field });
  }
}

/** Errors go to stderr as one JSON line (same code and field as the API's problem+json); exit 1. */
export function reportError(err: unknown): void {
  const e = err instanceof ClozeError ? err : undefined;
  const body = e
    ? { error: { code: e.code, status: httpStatus(e), detail: e.message, ...(e.field ? { field: e.field } : {}), ...(e.issues ? { errors: e.issues } : {}) } }
    : { error: { code: 'internal', detail: err instanceof Error ? err.message : String(err) } };
  process.stderr.write(`${JSON.stringify(body)}\n`);
  process.exitCode = 1;
}

/** Wraps a command action so any error becomes reportError's JSON line and exit code 1. */
export function guarded<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      reportError(err);
    }
  };
}
