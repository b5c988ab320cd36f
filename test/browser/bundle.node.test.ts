import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { type BuildResult, build } from 'esbuild';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from './consumer/factorizations.js';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from './launch.js';

// The package consumed as users consume it: a module importing 'implicit-diff' by name (resolved
// through package.json "exports" to dist/), bundled by esbuild with no plugin and no loader for
// .wasm files, then run in headless Chromium and in Node. For each build of the core, the results
// must agree bit for bit.

const entry = new URL('./consumer/factorizations.ts', import.meta.url).pathname;
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);

if (CHROMIUM === undefined) console.warn(`[bundle test] ${NO_CHROMIUM}`);

function bundle(platform: 'browser' | 'node', outfile: string): Promise<BuildResult<{ write: false }>> {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform,
    format: platform === 'browser' ? 'iife' : 'esm',
    globalName: platform === 'browser' ? 'consumer' : undefined,
    // `using` (explicit resource management) is lowered for Node 20 and older browsers.
    target: 'es2022',
    outfile,
    write: false,
    logLevel: 'silent',
  });
}

/** Keys whose bits differ, each with the index of its first differing float64 value. */
function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys(a)
    .filter((key) => a[key] !== b[key])
    .map((key) => {
      let i = 0;
      while (a[key][i] === b[key]?.[i]) i++;
      return `${key}: first differing value at index ${Math.floor(i / 16)}`;
    });
}

describe.skipIf(CHROMIUM === undefined)('esbuild bundle of a consumer, in Chromium and in Node', () => {
  let browser: Browser;
  let dir: string;
  let forBrowser: BuildResult<{ write: false }>;
  let nodeModule: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'implicit-diff-bundle-'));
    let forNode: BuildResult<{ write: false }>;
    [forBrowser, forNode, browser] = await Promise.all([
      bundle('browser', join(dir, 'browser.js')),
      bundle('node', join(dir, 'node.mjs')),
      launchChromium(),
    ]);
    nodeModule = join(dir, 'node.mjs');
    writeFileSync(nodeModule, forNode.outputFiles[0].text);
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The consumer in a fresh page (so a fresh instance of the core). */
  async function inChromium(fma?: boolean): Promise<Run> {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.addScriptTag({ content: forBrowser.outputFiles[0].text });
      expect(await page.evaluate(() => navigator.userAgent)).toMatch(/HeadlessChrome\//);
      return await page.evaluate(
        (f) => (globalThis as unknown as { consumer: { run(f?: boolean): Promise<Run> } }).consumer.run(f),
        fma,
      );
    } finally {
      await page.close();
      expect(errors).toEqual([]);
    }
  }

  /** The consumer in a fresh Node process; Node 20 compiles relaxed SIMD only behind a flag. */
  async function inNode(fma: boolean): Promise<Run> {
    const flags = fma && NODE_MAJOR < 22 ? ['--experimental-wasm-relaxed-simd'] : [];
    const script = `const m = await import(${JSON.stringify(pathToFileURL(nodeModule).href)});
      process.stdout.write(JSON.stringify(await m.run(${fma})));`;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...flags, '--input-type=module', '--eval', script],
      { maxBuffer: 64 * 1024 * 1024 },
    );
    return JSON.parse(stdout) as Run;
  }

  it('bundles for the browser into one script with no asset and no Node built-in', () => {
    expect(forBrowser.errors).toEqual([]);
    expect(forBrowser.warnings).toEqual([]);
    expect(forBrowser.outputFiles.map((f) => f.path.split('.').pop())).toEqual(['js']);
    expect(forBrowser.outputFiles[0].text).not.toMatch(/require\(|from ['"]node:/);
  });

  for (const fma of [false, true]) {
    const name = fma ? 'fused multiply-add build (relaxed SIMD)' : 'baseline build';
    it(`gives bit-identical factorizations in Node and Chromium on integer-valued inputs: ${name}`, async () => {
      const [chromium, node] = await Promise.all([inChromium(fma), inNode(fma)]);
      expect([chromium.fma, node.fma]).toEqual([fma, fma]);
      expect(Object.keys(chromium.bits)).toEqual(Object.keys(node.bits));
      expect(Object.keys(node.bits).length).toBeGreaterThan(100);
      expect(differences(node.bits, chromium.bits)).toEqual([]);
    });
  }

  it('Chromium picks the fused multiply-add build by default', async () => {
    expect((await inChromium()).fma).toBe(true);
  });
});
