#!/usr/bin/env node
// `npm run demo`: bundles demo/ with esbuild into cli/build/demo/ and serves it on 127.0.0.1.
//   node cli/scripts/demo.mjs [--port N] [--build-only]      (PORT in the environment works too; 0 = any free port)
// The page imports the library by its package name (the built dist/) and the command line's
// pipeline from cli/src/: the WASM core is inlined in the bundle as base64, so there is no asset to
// copy besides the page itself.
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const DEMO_SOURCE = join(root, 'demo');
export const DEMO_OUT = join(root, 'build', 'demo');

/** Bundles the page (main.js), its worker (worker.js), index.html and style.css into `outdir`. */
export async function buildDemo(outdir = DEMO_OUT) {
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: { main: join(DEMO_SOURCE, 'main.ts'), worker: join(DEMO_SOURCE, 'worker.ts') },
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: 'linked',
    loader: { '.csv': 'text' },
    // csv-parse's Node entry uses Buffer; its browser build carries its own.
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },

    logLevel: 'warning',
    metafile: true,
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(join(DEMO_SOURCE, file), join(outdir, file));
  return result;
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/**
 * Serves the files of `dir` on 127.0.0.1:`port` (0: any free port). Resolves with the server and
 * its URL once listening.
 */
export function serveDemo(dir = DEMO_OUT, port = 8080) {
  const base = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
    let body;
    try {
      if (!file.startsWith(base + sep) || !statSync(file).isFile()) throw new Error('not a file');
      body = readFileSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res
      .writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-store',
      })
      .end(body);
  });
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: actual } = server.address();
      resolveListening({ server, url: `http://127.0.0.1:${actual}/` });
    });
  });
}

async function main() {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, 'build-only': { type: 'boolean' } },
  });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be an integer from 0 to 65535, got '${values.port ?? process.env.PORT}'`);
  }
  const started = performance.now();
  const { metafile } = await buildDemo();
  const kb = Object.values(metafile.outputs).reduce((sum, o) => sum + o.bytes, 0) / 1024;
  console.log(
    `built ${DEMO_OUT} (${kb.toFixed(0)} KiB with source maps) in ${(performance.now() - started).toFixed(0)} ms`,
  );
  if (values['build-only']) return;
  const { url } = await serveDemo(DEMO_OUT, port);
  console.log(`demo: ${url}   (Ctrl+C stops the server)`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`demo: ${error.message}`);
    process.exitCode = 1;
  });
}
