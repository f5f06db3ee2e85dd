import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { log as processLog, type Logger } from '../../core/log.js';

type Log = Logger;

/** What Node answers a malformed or slow request before any handler runs (its own defaults, kept). */
function statusFor(code: string | undefined): number {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  return 400;
}

/**
 * Logs what the app never sees: requests Node itself refuses (400 on a malformed request,
 * 408 when headers or body come too slowly, 431 for oversized headers) and answers that never
 * finished because the connection closed first (a client hanging up, or connections cut at
 * shutdown), with the client's address. Node's own answers to those clients are unchanged.
 */
export function logConnectionEvents(server: Server, o: { draining?: () => boolean; log?: Log } = {}): void {
  const log = o.log ?? processLog;
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const reset = err.code === 'ECONNRESET' || !socket.writable;
    const status = statusFor(err.code);
    log('warn', {
      msg: reset ? 'connection reset before a request was read' : 'request refused by the HTTP parser',
      ...(reset ? {} : { status }),
      code: err.code ?? 'unknown',
      client: socket.remoteAddress,
      ...(o.draining?.() ? { shutting_down: true } : {}),
    });
    if (reset) {
      socket.destroy();
      return;
    }
    const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const client = req.socket.remoteAddress; // gone from the socket once it is destroyed
    res.once('close', () => {
      if (res.writableFinished) return;
      log('warn', {
        msg: 'connection closed before the answer was sent',
        method: req.method,
        path: req.url?.split('?')[0],
        client,
        ...(res.headersSent ? { status: res.statusCode } : {}),
        ...(o.draining?.() ? { shutting_down: true } : {}),
      });
    });
  });
}
