import { access, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

/**
 * No Docker engine runs here: the image's command path (`node dist/server.js` from a built tree
 * with production dependencies) is exercised by package.test.ts and the real-server tests; this
 * checks the recipe itself, so a renamed file or a changed entry cannot break the image unnoticed.
 */
const dockerfile = await readFile('Dockerfile', 'utf8');
const ignored = (await readFile('.dockerignore', 'utf8')).split('\n').filter((l) => l.trim() && !l.startsWith('#'));
const stages = dockerfile.split(/^FROM /m).slice(1);
const final = stages.at(-1)!;

describe('Dockerfile', () => {
  it('builds in stages and runs node dist/server.js on a slim Node 24 base as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:24[\w.-]*-slim$/m);
    expect(final).toMatch(/^USER node$/m);
    expect(final).toContain('CMD ["node", "dist/server.js"]');
    expect(final).toMatch(/^HEALTHCHECK [\s\S]*\/readyz/m);
    expect(final).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(final).toMatch(/CLOZE_DATA_DIR=\/data/);
    expect(final).toContain('COPY models/cloze-bert-mini ./models/cloze-bert-mini');
  });

  it('copies only paths that exist and that .dockerignore lets through', async () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(sources).toEqual(expect.arrayContaining(['package.json', 'src', 'models/cloze-bert-mini']));
    for (const source of sources) {
      await access(source);
      expect(ignored.filter((pattern) => source === pattern || source.startsWith(`${pattern}/`))).toEqual([]);
    }
  });
});
