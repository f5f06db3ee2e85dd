import { createReadStream } from 'node:fs';

/**
 * Calls `onLine` with each line of a file, read as a stream: memory stays bounded by
 * `maxLineBytes` whatever the file's size. A line longer than that is skipped whole (reported
 * through `onSkip`), never held as one string. A missing file has no lines.
 */
export async function readLines(path: string, maxLineBytes: number, onLine: (line: string) => void, onSkip: () => void = () => undefined): Promise<void> {
  let parts: Buffer[] = [];
  let size = 0;
  let skipping = false;
  const endLine = () => {
    if (skipping) onSkip();
    else if (size > 0) onLine(Buffer.concat(parts, size).toString('utf8'));
    parts = [];
    size = 0;
    skipping = false;
  };
  try {
    for await (const chunk of createReadStream(path)) {
      const buf = chunk as Buffer;
      let from = 0;
      for (let nl = buf.indexOf(10, from); ; nl = buf.indexOf(10, from)) {
        const end = nl < 0 ? buf.length : nl;
        if (!skipping) {
          if (size + end - from > maxLineBytes) {
            skipping = true;
            parts = [];
            size = 0;
          } else if (end > from) {
            parts.push(buf.subarray(from, end));
            size += end - from;
          }
        }
        if (nl < 0) break;
        endLine();
        from = nl + 1;
      }
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  endLine();
}
