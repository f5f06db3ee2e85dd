/**
 * Asks the Worker's V8 isolate for its heap usage through wrangler dev's inspector proxy
 * (Chrome DevTools Protocol). workerd does not answer HeapProfiler.collectGarbage, so `usedSize`
 * may include garbage not yet collected. Needs a global WebSocket: Node 22+, or Node 20
 * with --experimental-websocket.
 */
export interface IsolateHeap {
  /** Live JS heap bytes. */
  usedSize: number;
  /** Reserved JS heap bytes. */
  totalSize: number;
  /** ArrayBuffer backing stores (WebAssembly memories included, where V8 counts them). */
  backingStorageSize: number;
  embedderHeapUsedSize: number;
}

type WebSocketWithHeaders = new (url: string, init: { headers: Record<string, string> }) => WebSocket;

export async function isolateHeap(inspectorPort: number, timeoutMs = 30_000): Promise<IsolateHeap> {
  const Ws = (globalThis as { WebSocket?: unknown }).WebSocket as WebSocketWithHeaders | undefined;
  if (!Ws) throw new Error('no global WebSocket: run with Node 22+ or node --experimental-websocket');
  // The proxy only accepts DevTools origins.
  const ws = new Ws(`ws://127.0.0.1:${inspectorPort}/ws`, { headers: { Origin: 'https://devtools.devprod.cloudflare.dev' } });
  const keepAlive = setInterval(() => undefined, 1_000);
  const waiting = new Map<number, (result: unknown) => void>();
  let next = 0;
  ws.onmessage = (m: MessageEvent) => {
    const msg = JSON.parse(String(m.data)) as { id?: number; result?: unknown };
    if (msg.id !== undefined) waiting.get(msg.id)?.(msg.result);
  };
  const call = (method: string): Promise<unknown> =>
    new Promise((resolve) => {
      const id = ++next;
      waiting.set(id, resolve);
      ws.send(JSON.stringify({ id, method, params: {} }));
    });
  const timer = setTimeout(() => {
    ws.close();
    for (const resolve of waiting.values()) resolve(undefined);
  }, timeoutMs);
  try {
    await new Promise((resolve, reject) => {
      ws.onopen = resolve;
      ws.onerror = () => reject(new Error(`inspector on port ${inspectorPort} refused the connection`));
    });
    const usage = (await call('Runtime.getHeapUsage')) as IsolateHeap | undefined;
    if (!usage) throw new Error(`inspector on port ${inspectorPort} did not answer within ${timeoutMs} ms`);
    return usage;
  } finally {
    clearTimeout(timer);
    clearInterval(keepAlive);
    ws.close();
  }
}
