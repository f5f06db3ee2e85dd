import { createServer, type Server } from 'node:http';
import { writeFile, mkdir } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logConnectionEvents } from '../../src/runtime/node/connection-log.js';
import { startServer, type RunningServer } from '../support/server.js';

/** Log lines the hostile pass found missing: client address, Node-level refusals, answers cut off, repeated warnings. */
const lines = (out: string) =>
  out
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** Writes raw bytes to a server and resolves with what came back when the server closed the connection. */
function raw(port: number, bytes: string, hangUpAfterMs?: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const s = connect(port, '127.0.0.1', () => s.write(bytes));
    s.on('data', (d) => (got += d.toString()));
    s.on('close', () => resolve(got));
    s.on('error', () => resolve(got));
    if (hangUpAfterMs !== undefined) setTimeout(() => s.destroy(), hangUpAfterMs);
  });
}

describe('the real server logs', () => {
  let srv: RunningServer;
  beforeAll(async () => {
    srv = await startServer({ CLOZE_ACCESS_LOG: '1' });
  }, 90_000);
  afterAll(() => {
    srv?.child.kill('SIGKILL');
  });
  const port = () => Number(new URL(srv.base).port);
  const waitForLine = async (match: (l: Record<string, unknown>) => boolean) => {
    for (let i = 0; i < 100; i++) {
      const hit = lines(srv.output()).filter(match);
      if (hit.length > 0) return hit;
      await new Promise((r) => setTimeout(r, 50));
    }
    return [];
  };

  it('the client address on every access-log line', async () => {
    const res = await fetch(`${srv.base}/healthz`, { headers: { 'x-request-id': 'log-client-1' } });
    expect(res.status).toBe(200);
    const [line] = await waitForLine((l) => l.request_id === 'log-client-1');
    expect(line).toMatchObject({ msg: 'request', path: '/healthz', status: 200 });
    expect(String(line!.client)).toMatch(/127\.0\.0\.1$/);
  });

  it('a request Node refuses before the app sees it (400) is logged with the client', async () => {
    expect(await raw(port(), 'NOT HTTP AT ALL\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    const [line] = await waitForLine((l) => l.msg === 'request refused by the HTTP parser');
    expect(line).toMatchObject({ level: 'warn', status: 400 });
    expect(String(line!.client)).toMatch(/127\.0\.0\.1$/);
    expect(typeof line!.time).toBe('string');
  });

  it('"stored configs skipped" is logged once per document, with its time and request id', async () => {
    await mkdir(join(srv.dataDir, 'configs'), { recursive: true });
    await writeFile(join(srv.dataDir, 'configs', 'broken.json'), '{"name": ');
    for (const id of ['list-1', 'list-2', 'list-3']) {
      const res = await fetch(`${srv.base}/v1/configs`, { headers: { 'x-request-id': id } });
      expect(((await res.json()) as { invalid: unknown[] }).invalid).toHaveLength(1);
    }
    const skipped = await waitForLine((l) => l.msg === 'stored configs skipped');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ request_id: 'list-1', invalid: [{ name: 'broken' }] });
    expect(typeof skipped[0]!.time).toBe('string');
  });
});

describe('logConnectionEvents', () => {
  let server: Server;
  const logged: Record<string, unknown>[] = [];
  beforeAll(async () => {
    server = createServer({ connectionsCheckingInterval: 50, headersTimeout: 300, requestTimeout: 300 }, (req) => {
      // never answers: the client hangs up, or the server is cut
      req.resume();
    });
    logConnectionEvents(server, { draining: () => true, log: (level, fields) => logged.push({ level, ...fields }) });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });
  const port = () => (server.address() as AddressInfo).port;

  it('408 when headers come too slowly: answered and logged', async () => {
    const got = await raw(port(), 'GET / HTTP/1.1\r\nHost: x\r\n');
    expect(got).toMatch(/^HTTP\/1\.1 408/);
    expect(logged).toContainEqual(expect.objectContaining({ msg: 'request refused by the HTTP parser', status: 408, code: 'ERR_HTTP_REQUEST_TIMEOUT' }));
  });

  it('an answer cut off by a closed connection (a hang-up, or connections cut at shutdown) is logged', async () => {
    await raw(port(), 'GET /slow?x=1 HTTP/1.1\r\nHost: x\r\n\r\n', 100);
    await new Promise((r) => setTimeout(r, 100));
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'connection closed before the answer was sent', method: 'GET', path: '/slow', client: '127.0.0.1', shutting_down: true }),
    );
  });
});
