import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from './launch.js';

// The package consumed as users consume it: a module importing 'implicit-diff' by name (resolved
// through package.json "exports" to dist/), bundled by esbuild with no plugin and no loader for
// .wasm files, then run in headless Chromium and in Node. The results must agree bit for bit.

const entry = new URL('./consumer/factorizations.ts', import.meta.url).pathname;

if (CHROMIUM === undefined) console.warn(`[bundle test] ${NO_CHROMIUM}`);

/** The first entry whose hexadecimal bits differ, as an index into the result's float64 values. */
function firstDifference(a: string, b: string): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) return Math.floor(i / 16);
  return -1;
}

describe.skipIf(CHROMIUM === undefined)('esbuild bundle of a consumer, in Chromium and in Node', () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    browser = await launchChromium();
    dir = mkdtempSync(join(tmpdir(), 'implicit-diff-bundle-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('bundles for the browser into one script with no asset and no Node built-in', async () => {
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'consumer',
      // `using` (explicit resource management) is lowered for Node 20 and older browsers.
      target: 'es2022',
      outfile: join(dir, 'consumer.js'),
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.outputFiles.map((f) => f.path.split('.').pop())).toEqual(['js']);
    const script = result.outputFiles[0].text;
    expect(script).not.toMatch(/require\(|from ['"]node:/);
  });

  it('gives bit-identical factorizations in Node and in Chromium on integer-valued inputs', async () => {
    const bundle = (platform: 'browser' | 'node') =>
      build({
        entryPoints: [entry],
        bundle: true,
        platform,
        format: platform === 'browser' ? 'iife' : 'esm',
        globalName: platform === 'browser' ? 'consumer' : undefined,
        target: 'es2022',
        outfile: join(dir, `consumer-${platform}.js`),
        write: false,
        logLevel: 'silent',
      });
    const [forBrowser, forNode] = await Promise.all([bundle('browser'), bundle('node')]);

    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addScriptTag({ content: forBrowser.outputFiles[0].text });
    const inChromium = await page.evaluate(() =>
      (
        globalThis as unknown as { consumer: { factorizationBits(): Record<string, string> } }
      ).consumer.factorizationBits(),
    );
    expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome\//);
    await page.close();
    expect(errors).toEqual([]);

    const file = join(dir, 'consumer.mjs');
    writeFileSync(file, forNode.outputFiles[0].text);
    const consumer = (await import(pathToFileURL(file).href)) as { factorizationBits(): Record<string, string> };
    const inNode = consumer.factorizationBits();

    expect(Object.keys(inChromium)).toEqual(Object.keys(inNode));
    expect(Object.keys(inNode).length).toBeGreaterThan(90);
    const differing = Object.keys(inNode)
      .filter((key) => inNode[key] !== inChromium[key])
      .map((key) => `${key}: first differing value at index ${firstDifference(inNode[key], inChromium[key])}`);
    expect(differing).toEqual([]);
  });
});
