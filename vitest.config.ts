import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { CHROMIUM_ARGS, chromiumPath } from './scripts/chromium.mjs';

// Two projects run the same suite: `node` (every test file of the library, test/, and of the
// command line's workspace package, cli/test/, which are Node-only: they spawn the program and read
// files) and `browser` (headless Chromium through Playwright, the library's tests again in a page).
// Which of the library's files runs where:
//   *.node.test.ts     Node only (worker_threads, Playwright driving Chromium from Node)
//   *.browser.test.ts  Chromium only (Web Workers, the page environment)
//   a file that imports a Node built-in (`from 'node:…'`, e.g. to read a fixture) runs in Node only
//   anything else      both, except the files listed in NODE_ONLY.
const NODE_ONLY = [
  'test/**/*.node.test.ts',
  // Needs the `gc` of --expose-gc, and its 8,000-cycle heap check takes ~40 s: one run in Node suffices.
  'test/linalg/memory.test.ts',
];

/** Test files that import a Node built-in themselves (imports through helpers are not seen). */
function importingNodeBuiltins(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.test.ts'))
    .map((file) => join(dir, file).split(sep).join('/'))
    .filter((file) => /^\s*import\b[^;]*?\bfrom\s*['"]node:/m.test(readFileSync(file, 'utf8')));
}

const chromium = chromiumPath();
if (chromium === undefined && process.env.REQUIRE_CHROMIUM) {
  throw new Error('REQUIRE_CHROMIUM is set but Chromium was not found at /usr/bin/chromium or CHROMIUM_PATH');
}
if (chromium === undefined && !process.env.VITEST_CHROMIUM_NOTICE_SHOWN) {
  process.env.VITEST_CHROMIUM_NOTICE_SHOWN = '1';
  const notice =
    '\n\x1b[33m[vitest] Chromium not found (/usr/bin/chromium, or set CHROMIUM_PATH): the browser project is ' +
    'SKIPPED; only the Node project runs. Install it with `apt-get install -y chromium`.\x1b[0m\n';
  console.warn(notice);
  // Again at the end, below the summary, where it is seen.
  process.once('exit', () => console.warn(notice));
}

const nodeProject: TestProjectInlineConfiguration = {
  extends: true,
  test: {
    name: 'node',
    include: ['test/**/*.test.ts', 'cli/test/**/*.test.ts'],
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
    exclude: [...NODE_ONLY, ...importingNodeBuiltins('test')],
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
    projects: chromium === undefined ? [nodeProject] : [nodeProject, browserProject],
  },
});
