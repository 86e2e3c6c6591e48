import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// One runner for unit (beside the code), integration (real server over HTTP)
// and e2e (Playwright-driven Chromium). Select with `--project`.
export default defineConfig({
  root,
  resolve: { alias: { '~': path.join(root, 'app'), '#db': path.join(root, 'db') } },
  test: {
    setupFiles: [path.join(root, 'tests/support/fail-on-console-error.ts')],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'scripts/**/*.test.ts'] },
      },
      {
        extends: true,
        // 60 s: the SQLite and PostgreSQL integration runs share two cores in CI, and a
        // test's few requests can wait behind the other run's server start-ups
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
          setupFiles: [path.join(root, 'tests/support/server-logs-on-failure.ts')],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          setupFiles: [path.join(root, 'tests/support/server-logs-on-failure.ts')],
        },
      },
    ],
  },
});
