/** Longest gap between timer ticks (every `tickMs`) while `work` runs: how long the event loop was held. */
export async function longestStall(work: Promise<unknown>, tickMs = 2): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, tickMs);
  try {
    await work.catch(() => undefined);
  } finally {
    clearInterval(timer);
  }
  return worst;
}
