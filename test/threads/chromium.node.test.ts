// The threaded core in Chromium, with Web Workers: a page served cross-origin isolated
// (Cross-Origin-Opener-Policy: same-origin, Cross-Origin-Embedder-Policy: require-corp) gets two
// threads and accurate results; the same page served without those headers falls back to one
// thread with a console warning that says why. The page script is the library bundled by esbuild.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from '../browser/launch.js';
import type { PageRun } from './page/consumer.js';

if (CHROMIUM === undefined) console.warn(`[threads chromium test] ${NO_CHROMIUM}`);

describe.skipIf(CHROMIUM === undefined)('threads in Chromium (Web Workers)', () => {
  let browser: Browser;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [new URL('./page/consumer.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'iife',
      globalName: 'consumer',
      target: 'es2022',
      write: false,
      logLevel: 'silent',
    });
    const script = bundled.outputFiles[0].text;
    server = createServer((request, response) => {
      const isolated = request.url?.startsWith('/isolated/') === true;
      const headers: Record<string, string> = isolated
        ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' }
        : {};
      if (request.url?.endsWith('/app.js')) {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' });
        response.end(script);
      } else {
        response.writeHead(200, { ...headers, 'Content-Type': 'text/html' });
        response.end('<!doctype html><meta charset="utf-8"><script src="app.js"></script>');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function runAt(path: string): Promise<{ result: PageRun; warnings: string[]; errors: string[] }> {
    const page = await browser.newPage();
    const warnings: string[] = [];
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${origin}${path}`);
      const result = await page.evaluate(() =>
        (globalThis as unknown as { consumer: { run(): Promise<PageRun> } }).consumer.run(),
      );
      return { result, warnings, errors };
    } finally {
      await page.close();
    }
  }

  it('a cross-origin-isolated page runs two threads with accurate results', async () => {
    const { result, warnings, errors } = await runAt('/isolated/');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(result.isolated).toBe(true);
    expect(result.threads).toBe(2);
    // Chromium validates relaxed SIMD, so this is the threaded fused multiply-add build.
    expect(result.fma).toBe(true);
    expect(result.cholesky).toBeLessThan(1e-13);
    expect(result.lu).toBeLessThan(1e-10);
    expect(result.gemm).toBeLessThan(1e-13);
  });

  it('a page that is not isolated falls back to one thread and warns why', async () => {
    const { result, warnings, errors } = await runAt('/plain/');
    expect(errors).toEqual([]);
    expect(result.isolated).toBe(false);
    expect(result.threads).toBe(1);
    expect(warnings.join('\n')).toMatch(/runs on one thread: .*(SharedArrayBuffer|cross-origin isolated)/);
    expect(result.cholesky).toBeLessThan(1e-13);
  });
});
