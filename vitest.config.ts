import { defineConfig } from 'vitest/config';

// Unit tests live next to the code they pin (`*.test.ts`); integration and e2e tests under `test/`.
export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'exchange/**/*.test.ts', 'test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
