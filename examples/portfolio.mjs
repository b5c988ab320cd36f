// Sensitivity of a mean-variance portfolio. With expected returns μ, covariance Σ, risk aversion γ
// and a per-asset cap (the risk budget of one position), the long-only portfolio is
//   x*(μ, γ, cap) = argmin ½γ xᵀΣx − μᵀx   subject to   1ᵀx = 1,   0 ≤ x ≤ cap.
// One solveQP gives x*; its KKT factorization then gives, without re-solving,
//   - the Jacobian ∂x*/∂μ (one jvp per asset, c = −μ so dc = −eᵢ),
//   - ∂x*/∂γ (a jvp along dQ = Σ) and ∂x*/∂cap (a jvp along d upper = 1),
//   - the gradient of the portfolio's variance x*ᵀΣx* with respect to μ (one vjp).
// Each is checked against a finite difference of the re-solved problem.
// Run: npm run build && node examples/portfolio.mjs
import { Matrix, solveQP } from 'implicit-diff';

const mu = [0.08, 0.11, 0.05, 0.14, 0.09];
const n = mu.length;
// Σ = BBᵀ + diag(d): a two-factor model.
const B = [
  [0.12, 0.05],
  [0.16, -0.04],
  [0.06, 0.02],
  [0.2, 0.1],
  [0.1, -0.08],
];
const d = [0.01, 0.02, 0.005, 0.04, 0.015];
const Sigma = new Matrix(n, n);
for (let i = 0; i < n; i++) {
  for (let j = 0; j < n; j++) Sigma.set(i, j, B[i][0] * B[j][0] + B[i][1] * B[j][1] + (i === j ? d[i] : 0));
}
const portfolio = (mu, gamma, cap) =>
  solveQP({
    Q: new Matrix(
      n,
      n,
      Sigma.data.map((v) => gamma * v),
    ),
    c: mu.map((v) => -v),
    A: [new Array(n).fill(1)],
    b: [1],
    lower: new Array(n).fill(0),
    upper: new Array(n).fill(cap),
  });

const gamma = 3;
const cap = 0.35;
const solution = portfolio(mu, gamma, cap);
const fmt = (v) => Array.from(v, (t) => t.toFixed(4).padStart(8)).join(' ');
console.log(`status ${solution.status}, ${solution.iterations} iterations`);
console.log(`weights x*          ${fmt(solution.x)}`);
console.log('active constraints  ', JSON.stringify(solution.report.active));

console.log('\n∂x*/∂μ (row i: the change of every weight per unit of μᵢ)');
for (let i = 0; i < n; i++) {
  const dc = new Array(n).fill(0);
  dc[i] = -1;
  console.log(`  μ${i}  ${fmt(solution.jvp({ c: dc }))}`);
}

const variance = (x) => {
  let s = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += x[i] * Sigma.get(i, j) * x[j];
  return s;
};
const step = 1e-6;
const difference = (f) => (f(step) - f(-step)) / (2 * step);

const dGamma = solution.jvp({ Q: Sigma });
const dCap = solution.jvp({ upper: new Array(n).fill(1) });
console.log(`\n∂x*/∂γ              ${fmt(dGamma)}`);
console.log(
  `  finite difference  ${fmt(Array.from({ length: n }, (_, i) => difference((t) => portfolio(mu, gamma + t, cap).x[i])))}`,
);
console.log(`∂x*/∂cap            ${fmt(dCap)}`);
console.log(
  `  finite difference  ${fmt(Array.from({ length: n }, (_, i) => difference((t) => portfolio(mu, gamma, cap + t).x[i])))}`,
);

// ∂(x*ᵀΣx*)/∂μ = −(∂L/∂c) with ∂L/∂x = 2Σx*.
const sx = Array.from({ length: n }, (_, i) => 2 * solution.x.reduce((s, v, j) => s + Sigma.get(i, j) * v, 0));
const gradMu = solution.vjp(sx).c.map((v) => -v);
console.log(`\nvariance ${variance(solution.x).toFixed(6)}; its gradient in μ`);
console.log(`  vjp                ${fmt(gradMu)}`);
console.log(
  `  finite difference  ${fmt(
    Array.from({ length: n }, (_, i) =>
      difference((t) =>
        variance(
          portfolio(
            mu.map((v, j) => (j === i ? v + t : v)),
            gamma,
            cap,
          ).x,
        ),
      ),
    ),
  )}`,
);
