import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  MemoryIdempotencyStore,
  type IdempotencyRecord,
  type IdempotencyStore,
  type MemoryIdempotencyOptions,
  type StoredAnswer,
} from '../../integrations/common/idempotency.js';

interface Line {
  key: string;
  answer: StoredAnswer;
  expires: number;
}

/**
 * Node: processed delivery ids survive a restart. Claims are decided in memory (atomic in
 * this process); each finished id is appended to a JSON-lines file, which is rewritten with
 * only the live entries once it holds twice the bound. One process per file.
 */
export class FileIdempotencyStore implements IdempotencyStore {
  private writes: Promise<void> = Promise.resolve();
  private lines = 0;

  private constructor(
    private readonly path: string,
    private readonly memory: MemoryIdempotencyStore,
    private readonly maxEntries: number,
  ) {}

  static async open(path: string, o: MemoryIdempotencyOptions = {}): Promise<FileIdempotencyStore> {
    const maxEntries = o.maxEntries ?? 10_000;
    const store = new FileIdempotencyStore(path, new MemoryIdempotencyStore(o), maxEntries);
    await mkdir(dirname(path), { recursive: true });
    const text = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const now = (o.now ?? Date.now)();
    for (const raw of text.split('\n')) {
      if (!raw.trim()) continue;
      try {
        const line = JSON.parse(raw) as Line;
        if (typeof line.key === 'string' && line.expires > now) store.memory.remember(line.key, { state: 'done', answer: line.answer }, line.expires);
        store.lines++;
      } catch {
        // a torn last line from a crash mid-append: skip it
      }
    }
    return store;
  }

  claim(key: string): Promise<IdempotencyRecord | undefined> {
    return this.memory.claim(key);
  }

  async complete(key: string, answer: StoredAnswer): Promise<void> {
    await this.memory.complete(key, answer);
    const line: Line = { key, answer, expires: this.memory.expiryOf(key) ?? Date.now() };
    await this.serialized(async () => {
      await appendFile(this.path, `${JSON.stringify(line)}\n`);
      if (++this.lines > 2 * this.maxEntries) await this.compact();
    });
  }

  release(key: string): Promise<void> {
    return this.memory.release(key);
  }

  /** Waits for pending writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.serialized(async () => undefined);
  }

  private async compact(): Promise<void> {
    const live = this.memory.done();
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, live.map((l) => `${JSON.stringify(l)}\n`).join(''));
    await rename(tmp, this.path);
    this.lines = live.length;
  }

  private serialized(task: () => Promise<void>): Promise<void> {
    const next = this.writes.then(task);
    this.writes = next.catch(() => undefined);
    return next;
  }
}
