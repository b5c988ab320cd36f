import { existsSync } from 'node:fs';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from './test/browser/chromium.js';

// Two projects run the same suite: `node` (every test file) and `browser` (headless Chromium
// through Playwright, the library's tests again in a page). Which file runs where:
//   *.node.test.ts     Node only (worker_threads, Playwright driving Chromium from Node, node: modules)
//   *.browser.test.ts  Chromium only (Web Workers, the page environment)
//   anything else      both, except NODE_ONLY below.
const NODE_ONLY = [
  'test/**/*.node.test.ts',
  // Spawns the command-line program as a child process and reads files.
  'test/cli/**',
  // Needs the `gc` of --expose-gc, and its 8,000-cycle heap check takes ~40 s: one run in Node suffices.
  'test/linalg/memory.test.ts',
];

const chromium = chromiumPath();
if (chromium === undefined && !process.env.VITEST_CHROMIUM_NOTICE_SHOWN) {
  process.env.VITEST_CHROMIUM_NOTICE_SHOWN = '1';
  console.warn(
    '\n\x1b[33m[vitest] Chromium not found (/usr/bin/chromium, or set CHROMIUM_PATH): the browser project is ' +
      'SKIPPED; only the Node project runs. Install it with `apt-get install -y chromium`.\x1b[0m\n',
  );
}

const nodeProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts'],
    environment: 'node',
    // Lets the memory tests run the garbage collector to check the FinalizationRegistry.
    execArgv: ['--expose-gc'],
  },
};

const browserProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'browser',
    include: ['test/**/*.test.ts'],
    exclude: NODE_ONLY,
    browser: {
      enabled: true,
      headless: true,
      provider: playwright({ launchOptions: { executablePath: chromium, args: CHROMIUM_ARGS } }),
      instances: [{ browser: 'chromium' }],
      screenshotFailures: false,
    },
  },
};

export default defineConfig({
  test: {
    testTimeout: 120_000,
    projects: chromium !== undefined && existsSync(chromium) ? [nodeProject, browserProject] : [nodeProject],
  },
});
