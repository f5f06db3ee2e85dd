import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLogger, errorFields, formatLogLine, log, setLogger } from '../../src/core/log.js';
import { BackgroundTasks } from '../../src/integrations/common/background.js';

type Entry = { level: string; fields: Record<string, unknown> };

afterEach(() => {
  setLogger(undefined);
  vi.restoreAllMocks();
});

describe('log port', () => {
  it('writes one JSON object per line: time, level, then the fields', () => {
    const line = JSON.parse(formatLogLine('warn', { msg: 'stored configs skipped', invalid: ['a'] })) as Record<string, unknown>;
    expect(Object.keys(line)).toEqual(['time', 'level', 'msg', 'invalid']);
    expect(line).toMatchObject({ level: 'warn', msg: 'stored configs skipped', invalid: ['a'] });
    expect(new Date(String(line.time)).toISOString()).toBe(line.time);
  });

  it('sends errors to stderr and the rest to stdout by default', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const info = vi.spyOn(console, 'log').mockImplementation(() => {});
    consoleLogger('error', { msg: 'x' });
    consoleLogger('info', { msg: 'y' });
    expect(JSON.parse(String(error.mock.calls[0]?.[0]))).toMatchObject({ level: 'error', msg: 'x' });
    expect(JSON.parse(String(info.mock.calls[0]?.[0]))).toMatchObject({ level: 'info', msg: 'y' });
  });

  it('goes to the installed logger, from code that knows nothing about it (a failed background task)', async () => {
    const entries: Entry[] = [];
    setLogger((level, fields) => entries.push({ level, fields }));
    log('info', { msg: 'direct' });
    const tasks = new BackgroundTasks();
    const c = { executionCtx: undefined } as unknown as Parameters<BackgroundTasks['run']>[0];
    tasks.run(c, 'callback w1', async () => {
      throw new Error('receiver down');
    });
    await tasks.idle();
    expect(entries[0]).toEqual({ level: 'info', fields: { msg: 'direct' } });
    expect(entries[1]).toMatchObject({ level: 'error', fields: { msg: 'background task failed', task: 'callback w1', error: 'receiver down' } });
    expect(String(entries[1]?.fields.stack)).toMatch(/receiver down/);
  });

  it('errorFields keeps the message and stack of an Error, the text of anything else', () => {
    expect(errorFields('boom')).toEqual({ error: 'boom' });
    expect(errorFields(new Error('bad'))).toMatchObject({ error: 'bad', stack: expect.stringMatching(/bad/) });
  });
});
