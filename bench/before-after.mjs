#!/usr/bin/env node
// Two builds of the library side by side in one process: `node bench/before-after.mjs BEFORE_DIST
// AFTER_DIST [--sizes 4,16,256,1024] [--only op,...] [--no-noise]`, each a dist/ folder (e.g. of a
// `git worktree` of an earlier commit after `npm run build`; a folder outside the repository needs
// node_modules/@assemblyscript/loader beside or above it, so copy it into the repository, e.g.
// tmp/before-dist). Every cell (operation, n) is timed by the harness (bench/harness.mjs): checked,
// warmed up, then the contenders interleaved in rounds, medians over rounds. The contenders are
// `before`, `after`, and `after′` — the after build loaded a second time as a separate module
// instance (its own WebAssembly memory) — whose ratio to `after` is the run-to-run noise of that
// cell: a cell is slower only where before/after falls below 1 by more than after′/after varies.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timeCell } from './harness.mjs';
import { fill } from './random.mjs';

const args = process.argv.slice(2);
const positional = [];
let sizes = [4, 16, 256, 1024];
let only = null;
let noise = true;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--sizes') sizes = args[++i].split(',').map(Number);
  else if (args[i] === '--only') only = args[++i].split(',');
  else if (args[i] === '--no-noise') noise = false;
  else positional.push(args[i]);
}
const [beforeDir, afterDir] = positional;
if (!beforeDir || !afterDir || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(
    'usage: node bench/before-after.mjs BEFORE_DIST AFTER_DIST [--sizes 4,16,256,1024] [--only op,...] [--no-noise]',
  );
  process.exit(2);
}
const url = (dir, copy) => `${pathToFileURL(resolve(dir, 'index.js')).href}${copy ? '?copy' : ''}`;
const builds = { before: await import(url(beforeDir)), after: await import(url(afterDir)) };
if (noise) builds['after′'] = await import(url(afterDir, true));

/** A well-conditioned SPD matrix: a random one shifted by n on the diagonal, symmetrized. */
function spd(n, seed) {
  const a = fill(new Float64Array(n * n), seed);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
    a[i * n + i] += n;
  }
  return a;
}

/** A well-conditioned general matrix: a random one (seed n + 3) shifted by n on the diagonal. */
function general(n) {
  const a = fill(new Float64Array(n * n), n + 3);
  for (let i = 0; i < n; i++) a[i * n + i] += n;
  return a;
}

/**
 * The operations, each `(lib, n) => { run, result }` over inputs made once per cell; `result`
 * extracts a Float64Array that the check compares across builds. Flops as bench/problems.mjs. The
 * `out` rows write into an array allocated once; a build without `out` ignores the extra
 * argument and allocates, which is then what the comparison shows.
 */
const OPERATIONS = {
  gemm: {
    flops: (n) => 2 * n ** 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, fill(new Float64Array(n * n), n));
      const B = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      return { run: () => lib.matmul(A, B), result: (C) => C.data };
    },
  },
  'gemm out': {
    flops: (n) => 2 * n ** 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, fill(new Float64Array(n * n), n));
      const B = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      const C = new lib.Matrix(n, n);
      return { run: () => lib.matmul(A, B, C), result: (P) => P.data };
    },
  },
  cholesky: {
    flops: (n) => n ** 3 / 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, spd(n, n));
      return {
        run: () => lib.cholesky(A),
        result: (f) => f.solve(new Float64Array(n).fill(1)),
        release: (f) => f.dispose(),
      };
    },
  },
  lu: {
    flops: (n) => (2 * n ** 3) / 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      return { run: () => lib.lu(A), result: (f) => f.solve(new Float64Array(n).fill(1)), release: (f) => f.dispose() };
    },
  },
  'cholesky solve': {
    flops: (n) => 2 * n ** 2,
    make: (lib, n) => {
      const f = lib.cholesky(new lib.Matrix(n, n, spd(n, n)));
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => f.solve(b), result: (x) => x, dispose: () => f.dispose() };
    },
  },
  'cholesky solve out': {
    flops: (n) => 2 * n ** 2,
    make: (lib, n) => {
      const f = lib.cholesky(new lib.Matrix(n, n, spd(n, n)));
      const b = fill(new Float64Array(n), n + 2);
      const x = new Float64Array(n);
      return { run: () => f.solve(b, x), result: (y) => y, dispose: () => f.dispose() };
    },
  },
  'lu solve': {
    flops: (n) => 2 * n ** 2,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const f = lib.lu(A);
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => f.solve(b), result: (x) => x, dispose: () => f.dispose() };
    },
  },
  'lu solve out': {
    flops: (n) => 2 * n ** 2,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const f = lib.lu(A);
      const b = fill(new Float64Array(n), n + 2);
      const x = new Float64Array(n);
      return { run: () => f.solve(b, x), result: (y) => y, dispose: () => f.dispose() };
    },
  },
  'prepared spd solve': {
    flops: (n) => 4 * n ** 2,
    make: (lib, n) => {
      const p = lib.prepare(new lib.Matrix(n, n, spd(n, n)), { structure: 'spd' });
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => p.solve(b), result: (x) => x, dispose: () => p.dispose() };
    },
  },
  'prepared lu solve': {
    flops: (n) => 4 * n ** 2,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const p = lib.prepare(A);
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => p.solve(b), result: (x) => x, dispose: () => p.dispose() };
    },
  },
  'prepared lu solve(B)': {
    flops: (n) => 4 * n ** 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const p = lib.prepare(A);
      const B = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      return { run: () => p.solve(B), result: (X) => X.data, dispose: () => p.dispose() };
    },
  },
  'prepared lu solveTransposed': {
    flops: (n) => 4 * n ** 2,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const p = lib.prepare(A);
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => p.solveTransposed(b), result: (x) => x, dispose: () => p.dispose() };
    },
  },
  'prepared ldlt solve': {
    flops: (n) => 4 * n ** 2,
    make: (lib, n) => {
      // symmetric indefinite: the SPD matrix with every other diagonal entry negated
      const a = spd(n, n);
      for (let i = 1; i < n; i += 2) a[i * n + i] = -a[i * n + i];
      const p = lib.prepare(new lib.Matrix(n, n, a), { structure: 'symmetric' });
      const b = fill(new Float64Array(n), n + 2);
      return { run: () => p.solve(b), result: (x) => x, dispose: () => p.dispose() };
    },
  },
  hypergradient: {
    flops: (n) => n ** 3 / 3 + 4 * n ** 2,
    make: (lib, n) => {
      const H = new lib.Matrix(n, n, spd(n, n));
      const C = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      const g = fill(new Float64Array(n), n + 2);
      return { run: () => lib.hypergradient(H, C, g), result: (x) => x };
    },
  },
  'hypergradient out': {
    flops: (n) => n ** 3 / 3 + 4 * n ** 2,
    make: (lib, n) => {
      const H = new lib.Matrix(n, n, spd(n, n));
      const C = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      const g = fill(new Float64Array(n), n + 2);
      const x = new Float64Array(n);
      return { run: () => lib.hypergradient(H, C, g, {}, x), result: (y) => y };
    },
  },
  'hypergradient general out': {
    // structure 'general': LU of the Hessian and the transposed solve, the VJP of a root problem
    flops: (n) => (2 * n ** 3) / 3 + 4 * n ** 2,
    make: (lib, n) => {
      const H = new lib.Matrix(n, n, general(n));
      const C = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      const g = fill(new Float64Array(n), n + 2);
      const x = new Float64Array(n);
      return { run: () => lib.hypergradient(H, C, g, { structure: 'general' }, x), result: (y) => y };
    },
  },
  implicitJacobian: {
    flops: (n) => (2 * n ** 3) / 3 + 2 * n ** 3,
    make: (lib, n) => {
      const A = new lib.Matrix(n, n, general(n));
      const B = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
      return { run: () => lib.implicitJacobian(A, B), result: (J) => J.data };
    },
  },
};

/** max |x − y| / max |y|. */
function relativeDifference(x, y) {
  let d = 0;
  let s = 0;
  for (let i = 0; i < y.length; i++) {
    d = Math.max(d, Math.abs(x[i] - y[i]));
    s = Math.max(s, Math.abs(y[i]));
  }
  return s === 0 ? d : d / s;
}

/** Harness budgets per contender: small calls are cheap to sample many times, n = 1024 is not. */
const timing = (n) =>
  n >= 512
    ? { rounds: 9, minRounds: 5, sampleMs: 25, warmupMs: 100, budgetMs: 4000 }
    : { rounds: 21, minRounds: 9, sampleMs: 10, warmupMs: 150, budgetMs: 1200 };

const fmt = (s) =>
  s < 1e-6 ? `${(s * 1e9).toFixed(0)} ns` : s < 1e-3 ? `${(s * 1e6).toFixed(2)} µs` : `${(s * 1e3).toFixed(2)} ms`;
const rows = [];
const started = performance.now();
for (const n of sizes) {
  for (const [name, op] of Object.entries(OPERATIONS)) {
    if (only !== null && !only.includes(name)) continue;
    const reference = op.make(builds.after, n);
    const expected = Float64Array.from(reference.result(reference.run()));
    reference.dispose?.();
    const contenders = Object.entries(builds).map(([side, lib]) => {
      let cell;
      return {
        name: side,
        prepare: () => {
          cell = op.make(lib, n);
          return cell;
        },
        run: (c) => c.run(),
        result: (raw, c) => {
          const r = Float64Array.from(c.result(raw));
          return r;
        },
        release: (raw, c) => c.release?.(raw),
        dispose: () => cell.dispose?.(),
      };
    });
    const records = await timeCell(contenders, {
      ...timing(n),
      check: (r) => {
        const error = relativeDifference(r, expected);
        return { ok: error < 1e-8, error, message: `differs from the after build by ${error}` };
      },
    });
    const by = Object.fromEntries(records.map((r) => [r.name, r]));
    const failed = records.filter((r) => r.status !== 'ok');
    if (failed.length > 0) {
      rows.push({ n, operation: name, before: failed.map((r) => `${r.name}: ${r.reason}`).join('; ') });
      continue;
    }
    const row = {
      n,
      operation: name,
      before: fmt(by.before.seconds),
      after: fmt(by.after.seconds),
      'GFLOP/s after': (op.flops(n) / by.after.seconds / 1e9).toFixed(2),
      'before/after': (by.before.seconds / by.after.seconds).toFixed(3),
    };
    if (noise) row['after′/after'] = (by['after′'].seconds / by.after.seconds).toFixed(3);
    rows.push(row);
  }
}
console.table(rows);
console.log(
  `before/after > 1: the after build is faster. after′/after: the same build timed twice, the noise of the cell. ${((performance.now() - started) / 1e3).toFixed(0)} s.`,
);
