#!/usr/bin/env node
// Benchmarks of the implicit-differentiation API: `npm run build && node bench/implicit.mjs [--rounds k]`.
//  1. hypergradient at ny = nx = 1000 (dense SPD Hessian) against one Cholesky factorization of the same Hessian;
//  2. the full Jacobian at ny = nx = 500 against LU plus one multi-right-hand-side solve;
//  3. a matrix-free hypergradient at ny = nx = 100,000, the Hessian given as an operator (CG): no dense matrix.
// and, for information, implicitArgmin(…).valueAndGrad at ny = 1000 against the same Cholesky.
// Contenders of a cell run interleaved (round r rotates their order); the median and the minimum over rounds
// are reported (on a shared machine the minimum is the less disturbed figure).
import os from 'node:os';
import { cholesky, hypergradient, implicitArgmin, implicitJacobian, lu, Matrix, matvec, solve } from '../dist/index.js';
import { CLOCKS, median } from './harness.mjs';
import { rng } from './random.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1]) || 15;

function randomMatrix(m, n, seed) {
  const r = rng(seed);
  const M = new Matrix(m, n);
  for (let i = 0; i < M.data.length; i++) M.data[i] = 2 * r() - 1;
  return M;
}
/** An SPD matrix GᵀG/n + I (exactly symmetric). */
function spd(n, seed) {
  const G = randomMatrix(n, n, seed);
  const A = new Matrix(n, n);
  const g = G.data;
  const a = A.data;
  for (let k = 0; k < n; k++) {
    const row = k * n;
    for (let i = 0; i < n; i++) {
      const gi = g[row + i] / n;
      if (gi === 0) continue;
      for (let j = 0; j <= i; j++) a[i * n + j] += gi * g[row + j];
    }
  }
  for (let i = 0; i < n; i++) {
    a[i * n + i] += 1;
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  }
  return A;
}
/**
 * Interleaved timing. Returns, per contender name, { median, min } in ms; the minimum is the figure
 * least disturbed by other processes on a shared machine.
 */
function timeCell(contenders, k = rounds) {
  for (const c of contenders) for (let w = 0; w < 2; w++) c.run(); // warm-up
  const samples = contenders.map(() => []);
  for (let r = 0; r < k; r++) {
    for (let q = 0; q < contenders.length; q++) {
      const i = (q + r) % contenders.length;
      const t0 = CLOCKS.wall();
      contenders[i].run();
      samples[i].push(CLOCKS.wall() - t0);
    }
  }
  return Object.fromEntries(
    contenders.map((c, i) => [c.name, { median: median(samples[i]), min: Math.min(...samples[i]) }]),
  );
}
const fmt = (ms) => `${ms.toFixed(2)} ms`;
/** Prints one contender, with its ratio to `base` (median and min) when given. */
function line(t, label, name, base) {
  const x = t[name];
  const ratio = base
    ? `  ratio ${(x.median / t[base].median).toFixed(3)} (median), ${(x.min / t[base].min).toFixed(3)} (min)`
    : '';
  console.log(`   ${label.padEnd(36)} median ${fmt(x.median)}, min ${fmt(x.min)}${ratio}`);
}
const describeReport = (r) =>
  `   report: solver ${r.solver}, rcond ${r.rcond.toExponential(2)}, backward error ${r.backwardError.toExponential(2)}, refinement steps ${r.refinementSteps}\n`;

console.log(
  `implicit-diff benchmarks — Node ${process.version}, ${rounds} interleaved rounds, load average ${os.loadavg()[0].toFixed(2)} on ${os.cpus().length} cores\n`,
);

// 1. Hypergradient, dense SPD Hessian.
{
  const n = 1000;
  const nx = 1000;
  const H = spd(n, 1);
  const C = randomMatrix(n, nx, 2);
  const g = randomMatrix(1, n, 3).data;
  let report;
  hypergradient(H, C, g, { onReport: (r) => (report = r) });
  const t = timeCell([
    { name: 'cholesky', run: () => cholesky(H).dispose() },
    { name: 'hypergradient', run: () => hypergradient(H, C, g) },
    { name: 'eager', run: () => hypergradient(H, C, g, { checkSymmetry: true }) },
  ]);
  console.log(`1. hypergradient, ny = ${n}, nx = ${nx}, dense SPD Hessian — target ratio ≤ 1.25`);
  line(t, 'cholesky(H) + dispose', 'cholesky');
  console.log(`   (${(n ** 3 / 3 / (t.cholesky.min * 1e6)).toFixed(2)} GFLOP/s at the minimum)`);
  line(t, 'hypergradient(H, C, ∂L/∂y)', 'hypergradient', 'cholesky');
  line(t, '… with checkSymmetry: true', 'eager', 'cholesky');
  // The wrapper around a user's solver: same Hessian, g(x, y) = ½ yᵀHy − xᵀy, the solver returning a
  // stored y*, so that what is timed is the derivative (one F evaluation for the residual, the
  // Cholesky, the solve, the product with the cross Hessian, rcond and the backward error).
  const x0 = randomMatrix(1, n, 6).data;
  const y0 = solve(H, x0, { assume: 'spd' });
  const minusI = { rows: n, cols: n, matvec: (v) => v.map((u) => -u), rmatvec: (v) => v.map((u) => -u) };
  const f = implicitArgmin({
    solve: () => y0,
    grad: (x, y) => matvec(H, y).map((u, i) => u - x[i]),
    hessian: () => H,
    crossHessian: () => minusI,
  });
  const loss = (y) => [0.5 * y.reduce((a, u) => a + u * u, 0), y];
  const t2 = timeCell([
    { name: 'cholesky', run: () => cholesky(H).dispose() },
    { name: 'valueAndGrad', run: () => f.valueAndGrad(x0, loss) },
  ]);
  line(t2, 'implicitArgmin(…).valueAndGrad', 'valueAndGrad', 'cholesky');
  console.log(describeReport(report));
}

// 2. Full Jacobian, general dense ∂F/∂y.
{
  const n = 500;
  const A = randomMatrix(n, n, 4);
  for (let i = 0; i < n; i++) A.data[i * n + i] += Math.sqrt(n);
  const B = randomMatrix(n, n, 5);
  let report;
  implicitJacobian(A, B, { onReport: (r) => (report = r) });
  const t = timeCell([
    {
      name: 'lu + solve',
      run: () => {
        const f = lu(A);
        f.solve(B);
        f.dispose();
      },
    },
    { name: 'implicitJacobian', run: () => implicitJacobian(A, B) },
  ]);
  console.log(`2. full Jacobian, ny = nx = ${n}, general ∂F/∂y — target ratio ≤ 1.5`);
  line(t, 'lu(A) + one multi-RHS solve', 'lu + solve');
  line(t, 'implicitJacobian(∂F/∂y, ∂F/∂x)', 'implicitJacobian', 'lu + solve');
  console.log(describeReport(report));
}

// 3. Matrix-free hypergradient at ny = 100,000: ridge-like inner problem with a sparse design.
{
  const n = 100_000;
  // H = Lᵀ L + diag(d): L the first-difference operator (a 1-D smoothing penalty), d > 0; SPD.
  const d = new Float64Array(n);
  const r = rng(9);
  for (let i = 0; i < n; i++) d[i] = 0.5 + r();
  const H = {
    rows: n,
    cols: n,
    tags: ['positive-definite'],
    matvec(v) {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = (d[i] + (i > 0 ? 1 : 0) + (i < n - 1 ? 1 : 0)) * v[i];
        if (i > 0) s -= v[i - 1];
        if (i < n - 1) s -= v[i + 1];
        out[i] = s;
      }
      return out;
    },
  };
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = Math.sin(i / 1000);
  // Cross Hessian diag(d ⊙ w) (per-coordinate log-penalties, as the ridge problem): an operator too.
  const C = {
    rows: n,
    cols: n,
    matvec: (v) => v.map((t, i) => d[i] * w[i] * t),
    rmatvec: (v) => v.map((t, i) => d[i] * w[i] * t),
  };
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = Math.cos(i / 700);
  const before = process.memoryUsage();
  let report;
  let out;
  const t = timeCell(
    [{ name: 'cg hypergradient', run: () => (out = hypergradient(H, C, g, { onReport: (rep) => (report = rep) })) }],
    Math.min(rounds, 7),
  );
  const after = process.memoryUsage();
  // Check: H (−out ./ (d ⊙ w)) = g where w ≠ 0.
  const v = out.map((t, i) => -t / (d[i] * w[i] || 1));
  const Hv = H.matvec(v);
  let worst = 0;
  for (let i = 1; i < n; i++)
    if (Math.abs(w[i]) > 1e-3 && Math.abs(w[i - 1]) > 1e-3 && Math.abs(w[i + 1] ?? 1) > 1e-3)
      worst = Math.max(worst, Math.abs(Hv[i] - g[i]));
  console.log(`3. matrix-free hypergradient, ny = nx = ${n.toLocaleString('en')}, Hessian as an operator (CG)`);
  console.log(
    `   time median ${fmt(t['cg hypergradient'].median)}, min ${fmt(t['cg hypergradient'].min)}, ${report.iterations} CG iterations, converged ${report.converged}, backward error ≤ ${report.backwardError.toExponential(2)}`,
  );
  console.log(`   spot check max |H v − g| on interior coordinates: ${worst.toExponential(2)}`);
  console.log(
    `   memory: rss ${(after.rss / 2 ** 20).toFixed(0)} MiB (was ${(before.rss / 2 ** 20).toFixed(0)}), a dense ${n} × ${n} matrix would need ${((8 * n * n) / 2 ** 30).toFixed(0)} GiB`,
  );
  // The same through implicitArgmin: g(θ, y) = ½ yᵀ H y − Σ θ_i y_i, so y* = H⁻¹θ, crossHessian = −I.
  const f = implicitArgmin({
    solve: (theta) => {
      const res = hypergradient(H, { rows: n, cols: n, matvec: (u) => u, rmatvec: (u) => u }, theta, { tol: 1e-12 });
      return res.map((t) => -t);
    },
    grad: (theta, y) => H.matvec(y).map((t, i) => t - theta[i]),
    hessian: () => H,
    crossHessian: () => ({ rows: n, cols: n, matvec: (u) => u.map((t) => -t), rmatvec: (u) => u.map((t) => -t) }),
  });
  const t0 = CLOCKS.wall();
  const res = f.valueAndGrad(g, (y) => [0.5 * y.reduce((s, t) => s + t * t, 0), y]);
  const ms = CLOCKS.wall() - t0;
  console.log(
    `   implicitArgmin.valueAndGrad at the same size (inner solve by CG included): ${fmt(ms)}, report ${JSON.stringify({ solver: res.report.solver, iterations: res.report.iterations, residual: Number(res.report.residual.toExponential(2)) })}`,
  );
}
