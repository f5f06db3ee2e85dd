import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm run test:fast`: the engine's unit tests and the HTTP and integration contract tests
 * that run in-process (app.request, loopback receivers). Left to `npm test`: the tests that
 * start server processes or clusters, measure memory, train or export models, build the
 * Worker, or drive a browser.
 */
export default defineConfig({
  test: {
    name: 'fast',
    include: ['test/unit/**/*.test.ts', 'test/http/**/*.test.ts', 'test/integrations/**/*.test.ts'],
    exclude: [
      ...configDefaults.exclude,
      'test/integrations/**/*.workerd.test.ts',
      // server processes, a cluster, signals and memory measurements
      'test/http/server-process.test.ts',
      'test/http/server-robustness.test.ts',
      'test/http/cluster.test.ts',
      'test/http/cluster-rate-limit.test.ts',
      'test/http/redis-instances.test.ts',
      'test/http/shutdown*.test.ts',
      'test/http/memory.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
