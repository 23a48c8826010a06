import { defineConfig } from 'vitest/config';

// Tuned for a 2-core machine (our CI): two forks for src/, one per core. Kysely's migrator introspects every schema of
// the PostgreSQL test database by name, so a schema another fork drops at that moment fails a migration: test-db.ts
// runs it again (3F000). src/ runs first, then the browser journeys one at a time (each starts a server and a Chromium). Timeouts are generous because a test must not pass or fail with machine load;
// nothing asserts speed.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // expect.poll waits for the UI or a mail to arrive; its default (1 s) is a race on a loaded machine.
    expect: { poll: { timeout: 30_000, interval: 100 } },
    projects: [
      {
        extends: true,
        test: { name: 'src', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          fileParallelism: false,
          // After src/ has finished, so the journeys do not compete with two test forks for the CPU.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
