import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: [
            'test/unit/**/*.test.ts',
            'test/http/**/*.test.ts',
            'test/model/**/*.test.ts',
            'test/integrations/**/*.test.ts',
            'test/e2e/**/*.test.ts',
            'test/cli/**/*.test.ts',
          ],
          exclude: [...configDefaults.exclude, 'test/integrations/**/*.workerd.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          // The API inside real workerd: builds the Worker and serves it with `wrangler dev`
          // on loopback (see tools/worker/wrangler-dev.ts).
          name: 'workerd',
          include: ['test/workerd/**/*.test.ts', 'test/integrations/**/*.workerd.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
