import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    // Lets the memory tests run the garbage collector to check the FinalizationRegistry.
    execArgv: ['--expose-gc'],
  },
});
