// The package as users receive it: `npm pack` of the built library, installed from the tarball
// into fresh projects outside the repository — an ES module TypeScript project (type-checked under
// `strict` with `lib: ["ES2022"]` + Node types and with `lib: ["ES2022", "DOM"]` without them, no
// skipLibCheck, then run), a CommonJS script that require()s the package, a browser bundle made by
// esbuild and run in headless Chromium; and the shipped examples and the README's runnable blocks
// run from the installed package. The install must add the library and its loader and nothing else, and print no warning.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, launchChromium, NO_CHROMIUM } from '../browser/launch.js';
import type { Computed } from './consumer/compute.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const consumerSources = fileURLToPath(new URL('./consumer/', import.meta.url));
const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const nodeTypes = join(root, 'node_modules', '@types');
/** The line that marks a README code block as a complete program, run by this test. */
const RUNNABLE = '<!-- runnable: test/package/tarball.node.test.ts runs this block from the installed package -->';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program to completion; never rejects on a non-zero exit (the caller checks `code`). */
function run(file: string, args: string[], cwd: string): Promise<Run> {
  // npm_* variables of an enclosing `npm test` (workspace, prefix, config) must not leak into the
  // consumer's npm.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));
  return new Promise((resolveRun) => {
    execFile(file, args, { cwd, env, maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolveRun({ code, stdout, stderr });
    });
  });
}

/** The packages installed under `dir`/node_modules, nested ones included, as name@version. */
function installedPackages(dir: string): string[] {
  const found: string[] = [];
  const visit = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules)) {
      if (entry.startsWith('.')) continue;
      const folders = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((s) => join(entry, s)) : [entry];
      for (const folder of folders) {
        const manifest = JSON.parse(readFileSync(join(modules, folder, 'package.json'), 'utf8'));
        found.push(`${manifest.name}@${manifest.version}`);
        visit(join(modules, folder, 'node_modules'));
      }
    }
  };
  visit(join(dir, 'node_modules'));
  return found.sort();
}

/** A new project in `dir` depending on the tarball alone, installed with npm. */
async function installConsumer(dir: string, tarball: string, type: 'module' | 'commonjs'): Promise<Run> {
  mkdirSync(dir, { recursive: true });
  const manifest = { name: `consumer-${type}`, version: '1.0.0', private: true, type };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  // --prefer-offline: the loader comes from npm's cache when it is there (no network needed).
  return run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], dir);
}

/** tsconfig for a strict consumer; `node`: Node's types from the repository's @types, else DOM and no types. */
function tsconfig(node: boolean, files: string[]): string {
  const compilerOptions = {
    strict: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    lib: node ? ['ES2022'] : ['ES2022', 'DOM'],
    types: node ? ['node'] : [],
    ...(node ? { typeRoots: [nodeTypes] } : {}),
    skipLibCheck: false,
    outDir: node ? 'out' : 'out-dom',
    noEmit: !node,
  };
  return JSON.stringify({ compilerOptions, files }, null, 2);
}

/** Closed forms of the consumer's four results (see consumer/compute.ts). */
function expectClosedForms(result: Computed): void {
  expect(result.slope).toBeCloseTo(-0.75, 15);
  expect(result.solution[0]).toBeCloseTo(-1 / 8, 14);
  expect(result.solution[1]).toBeCloseTo(3 / 4, 14);
  expect(result.jacobian).toHaveLength(2);
  for (const v of result.jacobian) expect(v).toBeCloseTo(-0.5, 15);
  expect(result.hypergradient).toHaveLength(1);
  expect(result.hypergradient[0]).toBeCloseTo(-1, 15);
}

/** The ```js blocks of a Markdown text that directly follow the RUNNABLE line. */
function runnableBlocks(markdown: string): string[] {
  const lines = markdown.split('\n');
  const blocks: string[] = [];
  lines.forEach((line, i) => {
    if (line !== RUNNABLE) return;
    expect(lines[i + 1], `line ${i + 2} of the README`).toBe('```js');
    const end = lines.indexOf('```', i + 2);
    expect(end, `the block after line ${i + 1} of the README is not closed`).toBeGreaterThan(i);
    blocks.push(lines.slice(i + 2, end).join('\n'));
  });
  return blocks;
}

/** Lines of npm's output that warn or err. */
function npmWarnings(install: Run): string[] {
  return `${install.stdout}\n${install.stderr}`.split('\n').filter((line) => /\bnpm (warn|WARN|error|ERR)/.test(line));
}

describe('the packed tarball installed into new projects', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  let dir: string;
  let tarball: string;
  let packed: { files: { path: string }[] };
  const installs: Record<'esm' | 'cjs' | 'browser', Run> = {} as never;

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist', 'index.js'))) throw new Error('dist/ is missing: run npm run build first');
    dir = mkdtempSync(join(tmpdir(), 'implicit-diff-tarball-'));
    // --ignore-scripts: dist/ is already built (prepack would build it again).
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root);
    expect(pack.stderr).not.toMatch(/npm (warn|error)/i);
    expect(pack.code).toBe(0);
    [packed] = JSON.parse(pack.stdout);
    tarball = join(dir, `${manifest.name}-${manifest.version}.tgz`);
    const types = { esm: 'module', cjs: 'commonjs', browser: 'module' } as const;
    await Promise.all(
      (['esm', 'cjs', 'browser'] as const).map(async (kind) => {
        installs[kind] = await installConsumer(join(dir, kind), tarball, types[kind]);
      }),
    );
  }, 180_000);

  afterAll(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('holds dist/, the examples and the docs, no sources, no command line, no install script', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('README.md');
    expect(
      paths.filter(
        (p) =>
          !/^(dist\/|examples\/(shared\/)?[\w-]+\.mjs$|README\.md$|CHANGELOG\.md$|LICENSE$|package\.json$)/.test(p),
      ),
    ).toEqual([]);
    expect(paths.filter((p) => p.startsWith('dist/cli/'))).toEqual([]);
    const scripts = Object.keys(manifest.scripts ?? {});
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts).not.toContain(hook);
    expect(Object.keys(manifest.dependencies)).toEqual(['@assemblyscript/loader']);
  });

  it('adds exactly the library and the loader, and npm prints no warning', () => {
    for (const kind of ['esm', 'cjs', 'browser'] as const) {
      const install = installs[kind];
      expect(install.code, `${kind}: ${install.stderr}`).toBe(0);
      expect(npmWarnings(install), kind).toEqual([]);
      const packages = installedPackages(join(dir, kind)).map((p) => p.replace(/@[^@]+$/, ''));
      expect(packages, kind).toEqual(['@assemblyscript/loader', 'implicit-diff']);
    }
  });

  it('types the embedded WebAssembly as string, not as its base64 text', () => {
    const generated = readFileSync(
      join(dir, 'esm', 'node_modules', 'implicit-diff', 'dist', 'wasm', 'core.generated.d.ts'),
      'utf8',
    );
    const constants = generated.match(/export declare const \w+: \w+;/g) ?? [];
    expect(constants).toHaveLength(4);
    for (const line of constants) expect(line).toMatch(/: string;$/);
    expect(generated).not.toMatch(/AGFzbQ/); // the base64 of the WebAssembly magic number
  });

  it('ships source maps whose sources are shipped or embedded', () => {
    const pkg = join(dir, 'esm', 'node_modules', 'implicit-diff');
    const maps = packed.files.map((f) => f.path).filter((p) => p.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    for (const map of maps) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(pkg, map), 'utf8'));
      sources.forEach((source: string, i: number) => {
        const shipped = existsSync(resolve(dirname(join(pkg, map)), source));
        expect(shipped || typeof sourcesContent?.[i] === 'string', `${map} → ${source}`).toBe(true);
      });
    }
    // Every compiled module that names a map has it.
    for (const file of packed.files.map((f) => f.path).filter((p) => p.endsWith('.js'))) {
      const named = readFileSync(join(pkg, file), 'utf8').match(/\/\/# sourceMappingURL=(\S+)\s*$/)?.[1];
      if (named !== undefined) expect(existsSync(join(pkg, dirname(file), named)), file).toBe(true);
    }
  });

  it('an ES module TypeScript project type-checks under strict with both libs, and runs', async () => {
    const esm = join(dir, 'esm');
    for (const file of ['compute.ts', 'run.ts', 'dispose.ts'])
      copyFileSync(join(consumerSources, file), join(esm, file));
    writeFileSync(join(esm, 'tsconfig.json'), tsconfig(true, ['run.ts', 'compute.ts', 'dispose.ts']));
    writeFileSync(join(esm, 'tsconfig.dom.json'), tsconfig(false, ['run.ts', 'compute.ts']));
    const [withNode, withDom] = await Promise.all([
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], esm),
      run(process.execPath, [tsc, '-p', 'tsconfig.dom.json'], esm),
    ]);
    expect(withNode.stdout + withNode.stderr).toBe('');
    expect(withNode.code).toBe(0);
    expect(withDom.stdout + withDom.stderr).toBe('');
    expect(withDom.code).toBe(0);
    const program = await run(process.execPath, [join('out', 'run.js')], esm);
    expect(program.stderr).toBe('');
    expect(program.code).toBe(0);
    expectClosedForms(JSON.parse(program.stdout));
  });

  it('a CommonJS script require()s it, with no warning', async () => {
    const cjs = join(dir, 'cjs');
    copyFileSync(join(consumerSources, 'compute.cjs'), join(cjs, 'compute.cjs'));
    const program = await run(process.execPath, ['compute.cjs'], cjs);
    expect(program.stderr).toBe('');
    expect(program.code).toBe(0);
    expectClosedForms(JSON.parse(program.stdout));
  });

  it('the shipped examples run from the installed package', async () => {
    const shipped = join(dir, 'esm', 'node_modules', 'implicit-diff', 'examples');
    // Examples that need a package besides this one (an adapter's peer) are not run here; the
    // modules they share (examples/shared/, shipped too) are imported by relative paths.
    const examples = readdirSync(shipped).filter(
      (file) =>
        file.endsWith('.mjs') &&
        [...readFileSync(join(shipped, file), 'utf8').matchAll(/\bfrom '([^']+)'/g)].every(
          ([, from]) => from === 'implicit-diff' || from.startsWith('node:') || from.startsWith('./shared/'),
        ),
    );
    expect(examples).toEqual(
      expect.arrayContaining(['scalar.mjs', 'root.mjs', 'argmin.mjs', 'quickstart.mjs', 'logistic-hand.mjs']),
    );
    const runs = await Promise.all(examples.map((example) => run(process.execPath, [join(shipped, example)], shipped)));
    runs.forEach((result, i) => {
      expect(result.stderr, examples[i]).toBe('');
      expect(result.code, examples[i]).toBe(0);
      expect(result.stdout.length, examples[i]).toBeGreaterThan(0);
    });
  });

  it('the README’s runnable blocks run as written in a project that installed the package', async () => {
    const esm = join(dir, 'esm');
    const readme = readFileSync(join(esm, 'node_modules', 'implicit-diff', 'README.md'), 'utf8');
    const blocks = runnableBlocks(readme);
    // The quick start's three results, at least.
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const runs = await Promise.all(
      blocks.map((block, i) => {
        writeFileSync(join(esm, `readme-${i}.mjs`), block);
        return run(process.execPath, [`readme-${i}.mjs`], esm);
      }),
    );
    runs.forEach((result, i) => {
      expect(result.stderr, `README block ${i}`).toBe('');
      expect(result.code, `README block ${i}`).toBe(0);
    });
  });

  describe.skipIf(CHROMIUM === undefined)('a browser bundle made by esbuild', () => {
    if (CHROMIUM === undefined) console.warn(`[tarball test] ${NO_CHROMIUM}`);

    it('bundles with no plugin from the installed package and runs in Chromium', async () => {
      const browser = join(dir, 'browser');
      copyFileSync(join(consumerSources, 'compute.ts'), join(browser, 'compute.ts'));
      const bundled = await build({
        absWorkingDir: browser,
        entryPoints: ['compute.ts'],
        bundle: true,
        platform: 'browser',
        format: 'iife',
        globalName: 'consumer',
        target: 'es2022',
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      expect(bundled.warnings).toEqual([]);
      const inputs = Object.keys(bundled.metafile.inputs).map((p) => relative(browser, resolve(browser, p)));
      expect(inputs).toContain(join('node_modules', 'implicit-diff', 'dist', 'index.js'));
      expect(
        inputs.filter((p) => !/^node_modules\/(implicit-diff|@assemblyscript\/loader)\//.test(p) && p !== 'compute.ts'),
      ).toEqual([]);
      const chromium = await launchChromium();
      try {
        const page = await chromium.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.setContent('<!doctype html><title>consumer</title>');
        await page.addScriptTag({ content: bundled.outputFiles[0].text });
        const result = (await page.evaluate('consumer.compute()')) as Computed;
        expect(errors).toEqual([]);
        expectClosedForms(result);
      } finally {
        await chromium.close();
      }
    });
  });
});
