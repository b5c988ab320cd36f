// Per-call time of the small-n operations of two builds of the library side by side in one
// process: `node bench/before-after.mjs BEFORE_DIST AFTER_DIST` (each a dist/ folder, e.g. of a
// `git worktree` of an earlier commit after `npm run build`). Every operation of both builds is
// first run for 100 ms (V8 compiles on background threads, and a sample taken meanwhile is slowed by
// it); then the two are interleaved in rounds, each sample enough calls to last ~5 ms of wall-clock
// time; medians over rounds, in ns.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fill } from './random.mjs';

const [beforeDir, afterDir] = process.argv.slice(2);
if (!beforeDir || !afterDir) {
  console.error('usage: node bench/before-after.mjs BEFORE_DIST AFTER_DIST');
  process.exit(2);
}
const load = (dir) => import(pathToFileURL(resolve(dir, 'index.js')).href);
const builds = { before: await load(beforeDir), after: await load(afterDir) };

/** A well-conditioned SPD matrix: a random one shifted by n on the diagonal, symmetrized. */
function spd(n, seed) {
  const a = fill(new Float64Array(n * n), seed);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
    a[i * n + i] += n;
  }
  return a;
}

function operations(lib, n) {
  const A = new lib.Matrix(n, n, spd(n, n));
  const C = new lib.Matrix(n, n, fill(new Float64Array(n * n), n + 1));
  const b = fill(new Float64Array(n), n + 2);
  const chol = lib.cholesky(A);
  const f = lib.lu(A);
  // Preallocated results for the calls with `out` (a build without it ignores the extra argument
  // and allocates, which is what the comparison then shows).
  const x = new Float64Array(n);
  const X = new lib.Matrix(n, n);
  return {
    'cholesky + dispose': () => lib.cholesky(A).dispose(),
    'cholesky solve': () => chol.solve(b),
    'cholesky solve, out': () => chol.solve(b, x),
    'lu + dispose': () => lib.lu(A).dispose(),
    'lu solve': () => f.solve(b),
    'lu solve, out': () => f.solve(b, x),
    matmul: () => lib.matmul(A, C),
    'matmul, out': () => lib.matmul(A, C, X),
    hypergradient: () => lib.hypergradient(A, C, b),
    'hypergradient, out': () => lib.hypergradient(A, C, b, {}, x),
    implicitJacobian: () => lib.implicitJacobian(A, C),
  };
}

const wallNs = () => performance.now() * 1e6;

function sample(f, calls) {
  const t = wallNs();
  for (let i = 0; i < calls; i++) f();
  return (wallNs() - t) / calls;
}

/** Runs f for `ms` milliseconds. */
function warm(f, ms) {
  const end = performance.now() + ms;
  while (performance.now() < end) f();
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
const rows = [];
for (const n of [4, 8, 16]) {
  const ops = { before: operations(builds.before, n), after: operations(builds.after, n) };
  for (const side of ['before', 'after']) for (const f of Object.values(ops[side])) warm(f, 100);
  for (const name of Object.keys(ops.after)) {
    const times = { before: [], after: [] };
    let calls = 1;
    while (sample(ops.after[name], calls) * calls < 5e6) calls *= 2;
    for (const side of ['before', 'after']) sample(ops[side][name], calls);
    for (let round = 0; round < 15; round++) {
      const order = round % 2 ? ['before', 'after'] : ['after', 'before'];
      for (const side of order) times[side].push(sample(ops[side][name], calls));
    }
    const before = median(times.before);
    const after = median(times.after);
    rows.push({
      n,
      operation: name,
      'before ns': Math.round(before),
      'after ns': Math.round(after),
      speedup: (before / after).toFixed(2),
    });
  }
}
console.table(rows);
