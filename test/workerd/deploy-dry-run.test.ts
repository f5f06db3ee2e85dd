import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/app.js';

/** `npm run deploy:worker -- --dry-run`: every step of a deploy without an account or the network. */
describe('deploy:worker dry run', () => {
  it('stages the assets, writes the deploy config, bundles the Worker and lists the secrets it would upload', async () => {
    const outdir = await tempDir('cloze-deploy-');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'tools/worker/deploy.ts', '--dry-run', '--outdir', outdir], {
      env: { ...process.env, WEBHOOK_SECRET: 'whsec_dGVzdA==', CLOZE_API_KEYS: 'k1', SLACK_SIGNING_SECRET: '' },
      maxBuffer: 16 * 1024 * 1024,
    });
    expect(stdout).toContain('[4/4] secrets');
    expect(stdout).toContain('would upload CLOZE_API_KEYS, WEBHOOK_SECRET (dry run: nothing sent)');
    expect(stdout).not.toContain('whsec_dGVzdA==');
    expect(stdout).toMatch(/env\.CONFIGS .*KV Namespace/);
    expect(stdout).toMatch(/env\.ASSETS\s+Assets/);
    expect((await readdir(outdir)).some((f) => f.endsWith('.js'))).toBe(true);
    expect(await readFile('wrangler.deploy.toml', 'utf8')).toContain('binding = "CONFIGS"');
    expect(await readdir('dist/worker-assets/docs')).toContain('scalar.js');
  });
});
