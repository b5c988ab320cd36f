#!/usr/bin/env node
// solveQP against the npm package `quadprog` (Goldfarb–Idnani dual active set, plain JavaScript) on
// the same dense strictly convex QPs: n variables, m = n inequalities, with and without p = n/10
// equalities. `npm run build && node bench/qp.mjs [--sizes 50,100,200,300,500] [--rounds 3]`.
// Each cell: both solvers' solutions are checked against each other (x and the objective) before
// any timing, then timed in interleaved rounds on fresh copies of the input (quadprog overwrites its
// D and d), the median and minimum reported. solveQP runs twice per round: as by default (the
// solution polished, which factors the active set's KKT matrix; vjp is then one solve with it), and
// with { polish: false }, whose first vjp factors that matrix itself (vjp1/solve is then the full
// price of a derivative).
import os from 'node:os';
import quadprog from 'quadprog';
import { Matrix, solveQP } from '../dist/index.js';
import { rng } from './random.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('--sizes', '50,100,200,300,500').split(',').map(Number);
const rounds = Number(option('--rounds', '3'));

/** Standard normal samples (Box–Muller) from a seed. */
function gaussian(seed) {
  const r = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** Q = MᵀM/n + I, G, h = G·x0 + max(0, ξ) (x0 feasible, about half the rows tight there), A, b = A·x0. */
function problem(n, m, p, seed) {
  const g = gaussian(seed);
  const M = Float64Array.from({ length: n * n }, g);
  const Q = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const mi = M[k * n + i] / n;
      for (let j = 0; j <= i; j++) Q[i * n + j] += mi * M[k * n + j];
    }
  }
  for (let i = 0; i < n; i++) {
    Q[i * n + i] += 1;
    for (let j = 0; j < i; j++) Q[j * n + i] = Q[i * n + j];
  }
  const x0 = Float64Array.from({ length: n }, g);
  const rowTimes = (R, rows) =>
    Float64Array.from({ length: rows }, (_, i) => R.subarray(i * n, (i + 1) * n).reduce((s, v, j) => s + v * x0[j], 0));
  const G = Float64Array.from({ length: m * n }, g);
  const h = rowTimes(G, m).map((v) => v + Math.max(0, g()));
  const A = Float64Array.from({ length: p * n }, g);
  const b = rowTimes(A, p);
  const c = Float64Array.from({ length: n }, g);
  return { n, m, p, Q, c, G, h, A, b };
}

/** quadprog's 1-based input: min −dᵀx + ½xᵀDx s.t. Aᵀx ≥ b0, the first meq columns equalities. */
function quadprogInput({ n, m, p, Q, c, G, h, A, b }) {
  const D = [undefined];
  for (let i = 0; i < n; i++) D.push([undefined, ...Q.subarray(i * n, (i + 1) * n)]);
  const d = [undefined, ...c.map((v) => -v)];
  // Amat[i][k]: variable i, constraint k: equalities A x = b, then −G x ≥ −h.
  const Amat = [undefined];
  for (let i = 0; i < n; i++) {
    const row = [undefined];
    for (let k = 0; k < p; k++) row.push(A[k * n + i]);
    for (let k = 0; k < m; k++) row.push(-G[k * n + i]);
    Amat.push(row);
  }
  const b0 = [undefined, ...b, ...h.map((v) => -v)];
  return { D, d, Amat, b0, meq: p };
}

function runQuadprog(input) {
  const out = quadprog.solveQP(input.D, input.d, input.Amat, input.b0, input.meq);
  if (out.message) throw new Error(`quadprog: ${out.message}`);
  return Float64Array.from(out.solution.slice(1));
}

function oursInput({ n, m, p, Q, c, G, h, A, b }) {
  const data = { Q: new Matrix(n, n, Q), c, G: new Matrix(m, n, G), h };
  return p > 0 ? { ...data, A: new Matrix(p, n, A), b } : data;
}

const objective = ({ n, Q, c }, x) => {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let qi = 0;
    for (let j = 0; j < n; j++) qi += Q[i * n + j] * x[j];
    s += 0.5 * x[i] * qi + c[i] * x[i];
  }
  return s;
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}

console.log(
  `solveQP vs quadprog — Node ${process.version}, ${rounds} interleaved rounds, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`,
);
console.log(
  'times in ms, median (min). solveQP: default (polished); ratio = solveQP / quadprog (below 1: solveQP faster); vjp: its vjp (one solve with the factor of the polish); unpolished: solveQP with { polish: false }; vjp1: its first vjp (factors the KKT matrix); vjp1/solve = vjp1 / unpolished',
);
console.log(
  `${'n'.padStart(4)} ${'m'.padStart(4)} ${'p'.padStart(4)}  ${'quadprog'.padEnd(17)} ${'solveQP'.padEnd(17)} ${'ratio'.padEnd(12)} ${'vjp'.padEnd(7)} ${'unpolished'.padEnd(17)} ${'vjp1'.padEnd(15)} vjp1/solve  iters  active  |Δx|∞`,
);
for (const n of sizes) {
  for (const p of [0, Math.max(1, Math.round(n / 10))]) {
    const data = problem(n, n, p, 1000 * n + p);
    const ours = oursInput(data);
    const g = Float64Array.from({ length: n }, gaussian(7));
    // Agreement before timing.
    const reference = runQuadprog(quadprogInput(data));
    const solution = solveQP(ours);
    if (solution.status !== 'optimal') throw new Error(`solveQP: status ${solution.status} at n = ${n}, p = ${p}`);
    let dx = 0;
    let xmax = 1;
    for (let i = 0; i < n; i++) {
      dx = Math.max(dx, Math.abs(solution.x[i] - reference[i]));
      xmax = Math.max(xmax, Math.abs(reference[i]));
    }
    const fq = objective(data, reference);
    const fo = objective(data, solution.x);
    if (dx > 1e-6 * xmax || Math.abs(fo - fq) > 1e-8 * Math.max(1, Math.abs(fq))) {
      throw new Error(`disagreement at n = ${n}, p = ${p}: |Δx|∞ = ${dx}, objectives ${fo} vs ${fq}`);
    }
    solution.vjp(g);
    solution.dispose(); // the checked runs were the warm-up of both

    const times = { quadprog: [], ours: [], vjp: [], bare: [], vjp1: [] };
    let iterations = 0;
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['quadprog', 'ours', 'bare'] : ['bare', 'ours', 'quadprog'];
      for (const who of order) {
        if (who === 'quadprog') {
          const input = quadprogInput(data);
          const t0 = performance.now();
          runQuadprog(input);
          times.quadprog.push(performance.now() - t0);
        } else {
          const bare = who === 'bare';
          const t0 = performance.now();
          const s = solveQP(ours, { polish: !bare });
          const t1 = performance.now();
          s.vjp(g);
          const t2 = performance.now();
          s.dispose();
          iterations = s.iterations;
          times[bare ? 'bare' : 'ours'].push(t1 - t0);
          times[bare ? 'vjp1' : 'vjp'].push(t2 - t1);
        }
      }
    }
    const cell = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})`;
    const ratio = `${(median(times.ours) / median(times.quadprog)).toFixed(2)} (${(Math.min(...times.ours) / Math.min(...times.quadprog)).toFixed(2)})`;
    const vjpRatio = (median(times.vjp1) / median(times.bare)).toFixed(3);
    console.log(
      `${String(n).padStart(4)} ${String(n).padStart(4)} ${String(p).padStart(4)}  ${cell(times.quadprog).padEnd(17)} ${cell(times.ours).padEnd(17)} ${ratio.padEnd(12)} ${median(times.vjp).toFixed(2).padEnd(7)} ${cell(times.bare).padEnd(17)} ${cell(times.vjp1).padEnd(15)} ${vjpRatio.padEnd(11)} ${String(iterations).padEnd(6)} ${String(solution.report.active.length).padEnd(7)} ${dx.toExponential(1)}`,
    );
  }
}
