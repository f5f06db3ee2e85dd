/**
 * The log port. Every line is one JSON object, `{time, level, msg, …fields}`, written by
 * whichever logger the assembly point installed (the console by default; tests and hosts
 * with their own log pipeline install theirs with `setLogger`). Pure TypeScript: `console`
 * exists in every runtime the code runs in.
 */
export type LogLevel = 'info' | 'warn' | 'error';

/** Receives one entry; `fields.msg` says what happened, the other fields are its details. */
export type Logger = (level: LogLevel, fields: Record<string, unknown>) => void;

/** The one line format: `{"time": ISO 8601, "level", …fields}`. */
export function formatLogLine(level: LogLevel, fields: Record<string, unknown>): string {
  return JSON.stringify({ time: new Date().toISOString(), level, ...fields });
}

/** Errors to stderr, the rest to stdout (console.warn goes to stderr as well). */
export const consoleLogger: Logger = (level, fields) => {
  const line = formatLogLine(level, fields);
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
};

let current: Logger = consoleLogger;

/** Logs through the installed logger. */
export const log: Logger = (level, fields) => current(level, fields);

/** Installs a logger for the whole process or isolate; `undefined` restores the console one. */
export function setLogger(logger: Logger | undefined): void {
  current = logger ?? consoleLogger;
}

/** `error` (the message) and, for an Error, `stack`: the fields a failure is logged with. */
export function errorFields(err: unknown): { error: string; stack?: string } {
  if (!(err instanceof Error)) return { error: String(err) };
  return err.stack ? { error: err.message, stack: err.stack } : { error: err.message };
}
