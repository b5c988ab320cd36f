#!/usr/bin/env node
// solveQP on sparse QPs of growing n, with O(n) nonzeros: Q pentadiagonal SPD (a 1-D Laplacian
// squared plus a shift), m = n/2 inequalities of three nearby entries each, p = n/100 equalities on
// 20 consecutive variables each (local couplings: random ones would make the KKT graph an expander
// that fills L densely), bounds on every fourth variable; about half the inequalities tight at a
// feasible x0. `npm run build:lib && node bench/qp-sparse.mjs [--sizes 1000,2000,5000,10000,20000]
// [--dense-max 1000] [--rounds 3]`.
// Each size: the sparse solution's KKT conditions are checked here (stationarity, feasibility,
// complementarity) before any timing and, where n ≤ --dense-max, against the dense path's solution
// on the same data as dense Matrix objects. Then interleaved rounds time: the sparse solve (default:
// polished, which factors the active set's KKT matrix), its vjp (then one refined solve), the
// unpolished solve and its first vjp (which factors that matrix itself: the full price of a
// derivative), and the dense solve and vjp where feasible; medians (minima) in ms.
import os from 'node:os';
import { SparseMatrix, solveQP } from '../dist/index.js';
import { rng } from './random.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('--sizes', '1000,2000,5000,10000,20000').split(',').map(Number);
const denseMax = Number(option('--dense-max', '1000'));
const rounds = Number(option('--rounds', '3'));

function gaussian(seed) {
  const r = rng(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

/** The problem's data as triplets and vectors. */
function problem(n, seed) {
  const g = gaussian(seed);
  const r = rng(seed + 1);
  // Q = TᵀT + 0.1·I with T the bidiagonal difference operator scaled by random weights: pentadiagonal.
  const w = Float64Array.from({ length: n }, () => 0.5 + r());
  const qi = [];
  const qj = [];
  const qv = [];
  const push = (i, j, v) => {
    qi.push(i);
    qj.push(j);
    qv.push(v);
  };
  for (let i = 0; i < n; i++) {
    // (TᵀT)ᵢᵢ = wᵢ² + wᵢ₊₁², (TᵀT)ᵢ,ᵢ₊₁ = −wᵢ₊₁², plus the second-neighbour coupling of a squared Laplacian.
    push(i, i, 0.1 + w[i] * w[i] + (i + 1 < n ? w[i + 1] * w[i + 1] : 0) + 0.5);
    if (i + 1 < n) {
      push(i, i + 1, -w[i + 1] * w[i + 1]);
      push(i + 1, i, -w[i + 1] * w[i + 1]);
    }
    if (i + 2 < n) {
      push(i, i + 2, 0.125);
      push(i + 2, i, 0.125);
    }
  }
  const Q = SparseMatrix.fromTriplets(n, n, qi, qj, qv);
  const x0 = Float64Array.from({ length: n }, g);
  const m = n >> 1;
  const gi = [];
  const gj = [];
  const gv = [];
  for (let k = 0; k < m; k++) {
    for (const j of [(2 * k) % n, (2 * k + 1) % n, (2 * k + 7) % n]) {
      gi.push(k);
      gj.push(j);
      gv.push(g());
    }
  }
  const G = SparseMatrix.fromTriplets(m, n, gi, gj, gv);
  const h = Float64Array.from(G.matvec(x0), (v) => v + Math.max(0, g()));
  const p = Math.max(1, Math.round(n / 100));
  const ai = [];
  const aj = [];
  const av = [];
  for (let k = 0; k < p; k++) {
    const start = Math.floor(r() * (n - 20));
    for (let t = 0; t < 20; t++) {
      ai.push(k);
      aj.push(start + t);
      av.push(g());
    }
  }
  const A = SparseMatrix.fromTriplets(p, n, ai, aj, av);
  const b = A.matvec(x0);
  const lower = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? x0[i] - Math.abs(g()) : -Infinity));
  const upper = Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? x0[i] + Math.abs(g()) : Infinity));
  const c = Float64Array.from({ length: n }, () => 3 * g());
  return { n, m, p, Q, c, A, b, G, h, lower, upper };
}

/**
 * Max over the KKT conditions of the solution, computed here with the CSC arrays: stationarity
 * relative to max(1, ‖c‖∞, ‖Qx‖∞), feasibility absolute, complementarity relative to max(1, |f(x)|)
 * (the duality gap's scale: an unpolished solution, as at a weakly active constraint, has sᵢλᵢ ≈ μ).
 */
function kktError(data, s) {
  const { n, m, p, Q, c, A, b, G, h, lower, upper } = data;
  const Qx = Q.matvec(s.x);
  const r = Float64Array.from(c, (v, i) => v + Qx[i] + s.lambdaUpper[i] - s.lambdaLower[i]);
  const Atnu = A.matvec(s.nu, true);
  const Gtl = G.matvec(s.lambda, true);
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(r[i] + Atnu[i] + Gtl[i]));
  let scale = 1;
  for (let i = 0; i < n; i++) scale = Math.max(scale, Math.abs(c[i]), Math.abs(Qx[i]));
  worst /= scale;
  const complementarity = Math.max(1, Math.abs(s.report.objective));
  const Ax = A.matvec(s.x);
  for (let k = 0; k < p; k++) worst = Math.max(worst, Math.abs(Ax[k] - b[k]));
  const Gx = G.matvec(s.x);
  for (let k = 0; k < m; k++) {
    worst = Math.max(worst, Gx[k] - h[k], -s.lambda[k], Math.abs(s.lambda[k] * (h[k] - Gx[k])) / complementarity);
  }
  for (let i = 0; i < n; i++) {
    worst = Math.max(worst, lower[i] - s.x[i], s.x[i] - upper[i]);
    if (Number.isFinite(lower[i]))
      worst = Math.max(worst, Math.abs(s.lambdaLower[i] * (s.x[i] - lower[i])) / complementarity);
    if (Number.isFinite(upper[i]))
      worst = Math.max(worst, Math.abs(s.lambdaUpper[i] * (upper[i] - s.x[i])) / complementarity);
  }
  return worst;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
}
const cell = (xs) => (xs.length === 0 ? '—' : `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)})`);

console.log(
  `solveQP, sparse data — Node ${process.version}, ${rounds} interleaved rounds, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores`,
);
console.log(
  'times in ms, median (min). sparse: default (polished); vjp: its vjp (one refined solve with the factor of the polish); unpolished: { polish: false }; vjp1: its first vjp (factors the KKT matrix); vjp1/solve = vjp1 / unpolished; dense: the same data as dense Matrix objects, and its vjp; kkt: largest relative KKT violation of the sparse solution; |Δx|∞: sparse vs dense',
);
console.log(
  `${'n'.padStart(6)} ${'nnz'.padStart(8)}  ${'sparse'.padEnd(17)} ${'vjp'.padEnd(15)} ${'unpolished'.padEnd(17)} ${'vjp1'.padEnd(15)} vjp1/solve  ${'dense'.padEnd(19)} ${'dense vjp'.padEnd(15)} iters  active  kkt      |Δx|∞`,
);
for (const n of sizes) {
  const data = problem(n, 7 * n);
  const sparse = {
    Q: data.Q,
    c: data.c,
    A: data.A,
    b: data.b,
    G: data.G,
    h: data.h,
    lower: data.lower,
    upper: data.upper,
  };
  const withDense = n <= denseMax;
  const dense = withDense ? { ...sparse, Q: data.Q.toDense(), A: data.A.toDense(), G: data.G.toDense() } : undefined;
  const g = Float64Array.from({ length: n }, gaussian(11));
  // Agreement before timing.
  const solution = solveQP(sparse);
  if (solution.status !== 'optimal') throw new Error(`sparse solveQP: status ${solution.status} at n = ${n}`);
  const kkt = kktError(data, solution);
  if (!(kkt < 1e-8)) throw new Error(`sparse solveQP at n = ${n}: KKT conditions violated by ${kkt}`);
  solution.vjp(g);
  let dx = Number.NaN;
  if (dense !== undefined) {
    const reference = solveQP(dense);
    if (reference.status !== 'optimal') throw new Error(`dense solveQP: status ${reference.status} at n = ${n}`);
    dx = 0;
    for (let i = 0; i < n; i++) dx = Math.max(dx, Math.abs(solution.x[i] - reference.x[i]));
    const gs = solution.vjp(g).c;
    const gd = reference.vjp(g).c;
    let dg = 0;
    for (let i = 0; i < n; i++) dg = Math.max(dg, Math.abs(gs[i] - gd[i]));
    // Polished solutions agree to rounding; unpolished ones (a weakly active constraint) to √μ.
    if (dx > 1e-5 || dg > 1e-4) throw new Error(`disagreement at n = ${n}: |Δx|∞ = ${dx}, |Δ(∂L/∂c)|∞ = ${dg}`);
    reference.dispose();
  }
  solution.dispose();

  const times = { sparse: [], vjp: [], bare: [], vjp1: [], dense: [], denseVjp: [] };
  let iterations = 0;
  let active = 0;
  for (let r = 0; r < rounds; r++) {
    const order = ['sparse', 'bare', ...(withDense ? ['dense'] : [])];
    if (r % 2 === 1) order.reverse();
    for (const who of order) {
      const t0 = performance.now();
      const s = solveQP(who === 'dense' ? dense : sparse, { polish: who !== 'bare' });
      const t1 = performance.now();
      s.vjp(g);
      const t2 = performance.now();
      s.dispose();
      const [solveKey, vjpKey] = { sparse: ['sparse', 'vjp'], bare: ['bare', 'vjp1'], dense: ['dense', 'denseVjp'] }[
        who
      ];
      times[solveKey].push(t1 - t0);
      times[vjpKey].push(t2 - t1);
      if (who === 'sparse') {
        iterations = s.iterations;
        active = s.report.active.length;
      }
    }
  }
  const nnz = data.Q.nnz + data.A.nnz + data.G.nnz;
  console.log(
    `${String(n).padStart(6)} ${String(nnz).padStart(8)}  ${cell(times.sparse).padEnd(17)} ${cell(times.vjp).padEnd(15)} ${cell(times.bare).padEnd(17)} ${cell(times.vjp1).padEnd(15)} ${(median(times.vjp1) / median(times.bare)).toFixed(3).padEnd(11)} ${cell(times.dense).padEnd(19)} ${cell(times.denseVjp).padEnd(15)} ${String(iterations).padEnd(6)} ${String(active).padEnd(7)} ${kkt.toExponential(1)}  ${Number.isNaN(dx) ? '—' : dx.toExponential(1)}`,
  );
}
