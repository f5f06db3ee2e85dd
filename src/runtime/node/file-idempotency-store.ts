import { appendFile, mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  boundedAnswer,
  MemoryIdempotencyStore,
  type IdempotencyRecord,
  type IdempotencyStore,
  type MemoryIdempotencyOptions,
  type StoredAnswer,
} from '../../integrations/common/idempotency.js';
import { readLines } from './json-lines.js';

interface Line {
  key: string;
  answer: StoredAnswer;
  expires: number;
}

export interface FileIdempotencyOptions extends MemoryIdempotencyOptions {
  /** The file is rewritten once it is past this size and twice what it held after the last rewrite. Default 4 MiB. */
  compactBytes?: number;
}

/**
 * Longest line read back. Lines this store writes are short (a capped answer); files written
 * before answers were capped hold whole results (~129 KB for 64 texts × 50 labels), read and
 * capped; anything longer is skipped rather than held as one string.
 */
const MAX_LINE_BYTES = 1024 * 1024;

/**
 * Node: processed delivery ids survive a restart. Claims are decided in memory (atomic in
 * this process, at most `maxEntries` ids); each finished id is appended to a JSON-lines file
 * with a capped copy of its answer (boundedAnswer). The file is rewritten with only the live
 * entries when it has grown past `compactBytes` and twice its size after the last rewrite, or
 * holds twice the bound in lines. Opening streams the file line by line, so startup memory
 * does not depend on the file's size; a file that held oversized or expired lines is
 * compacted at once. One process per file.
 */
export class FileIdempotencyStore implements IdempotencyStore {
  private writes: Promise<void> = Promise.resolve();
  private lines = 0;
  private bytes = 0;
  private bytesAfterCompaction = 0;

  private constructor(
    private readonly path: string,
    private readonly memory: MemoryIdempotencyStore,
    private readonly maxEntries: number,
    private readonly compactBytes: number,
  ) {}

  static async open(path: string, o: FileIdempotencyOptions = {}): Promise<FileIdempotencyStore> {
    const maxEntries = o.maxEntries ?? 10_000;
    const store = new FileIdempotencyStore(path, new MemoryIdempotencyStore(o), maxEntries, o.compactBytes ?? 4 * 1024 * 1024);
    await mkdir(dirname(path), { recursive: true });
    const now = (o.now ?? Date.now)();
    let dropped = 0;
    await readLines(
      path,
      MAX_LINE_BYTES,
      (raw) => {
        store.lines++;
        try {
          const line = JSON.parse(raw) as Line;
          if (typeof line.key === 'string' && line.expires > now) {
            const answer = boundedAnswer(line.answer);
            if (answer !== line.answer) dropped++;
            store.memory.remember(line.key, { state: 'done', answer }, line.expires);
          } else dropped++;
        } catch {
          dropped++; // a torn last line from a crash mid-append: skip it
        }
      },
      () => dropped++,
    );
    store.bytes = await stat(path).then(
      (s) => s.size,
      () => 0,
    );
    store.bytesAfterCompaction = store.bytes;
    if (dropped > 0 || store.lines > store.memory.size) await store.serialized(() => store.compact());
    return store;
  }

  claim(key: string): Promise<IdempotencyRecord | undefined> {
    return this.memory.claim(key);
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    const kept = boundedAnswer(answer);
    await this.memory.complete(key, kept);
    const text = `${JSON.stringify({ key, answer: kept, expires: this.memory.expiryOf(key) ?? Date.now() } satisfies Line)}\n`;
    await this.serialized(async () => {
      await appendFile(this.path, text);
      this.lines++;
      this.bytes += Buffer.byteLength(text);
      const bySize = this.bytes > this.compactBytes && this.bytes > 2 * this.bytesAfterCompaction;
      if (bySize || this.lines > 2 * this.maxEntries) await this.compact();
    });
  }

  release(key: string): Promise<void> {
    return this.memory.release(key);
  }

  /** Waits for pending writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.serialized(async () => undefined);
  }

  /** Size of the file now, in bytes (tests, metrics). */
  get fileBytes(): number {
    return this.bytes;
  }

  /** Rewrites the file with the live entries only, in 64 KiB pieces (never one string of them all). */
  private async compact(): Promise<void> {
    const live = this.memory.done();
    const tmp = `${this.path}.${process.pid}.tmp`;
    const file = await open(tmp, 'w');
    let bytes = 0;
    try {
      let chunk = '';
      for (const l of live) {
        chunk += `${JSON.stringify(l)}\n`;
        if (chunk.length < 65_536) continue;
        await file.write(chunk);
        bytes += Buffer.byteLength(chunk);
        chunk = '';
      }
      await file.write(chunk);
      bytes += Buffer.byteLength(chunk);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.path);
    this.lines = live.length;
    this.bytes = bytes;
    this.bytesAfterCompaction = bytes;
  }

  private serialized(task: () => Promise<void>): Promise<void> {
    const next = this.writes.then(task);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
