import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests start real daemons and PTYs; give a loaded 2-core machine room.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Unit and e2e files run side by side; each e2e file has its own SPACES_HOME and daemon.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
