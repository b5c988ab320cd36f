// A sparse QP layer: denoising an m × m image by min ½xᵀ(I + αL)x − yᵀx subject to 0 ≤ x ≤ 1,
// L the five-point Laplacian (n = m² variables, Q sparse), and the smoothing weight α tuned by
// gradient descent on the error against the clean image. The gradient with respect to Q comes back
// as a SparseMatrix on Q's pattern, so dLoss/dα = Σ over the stored entries of (∂Loss/∂Q)·L, checked
// against a finite difference of re-solved problems.
// Run: npm run build && node examples/qp-sparse.mjs [m]
import { SparseMatrix, solveQP } from 'implicit-diff';

const m = Number(process.argv[2] ?? 60);
const n = m * m;

// The Laplacian's triplets, diagonal first in each row; Q(α) = I + αL on one fixed pattern.
const rows = [];
const cols = [];
const laplacian = [];
for (let j = 0; j < n; j++) {
  const a = Math.floor(j / m);
  const b = j % m;
  const neighbours = [
    [j - m, a > 0],
    [j - 1, b > 0],
    [j + 1, b < m - 1],
    [j + m, a < m - 1],
  ].filter(([, ok]) => ok);
  rows.push(j);
  cols.push(j);
  laplacian.push(neighbours.length);
  for (const [i] of neighbours) {
    rows.push(i);
    cols.push(j);
    laplacian.push(-1);
  }
}
const L = SparseMatrix.fromTriplets(n, n, rows, cols, laplacian);
const identity = new Float64Array(L.nnz);
for (let j = 0; j < n; j++)
  for (let q = L.colPtr[j]; q < L.colPtr[j + 1]; q++) identity[q] = L.rowIndex[q] === j ? 1 : 0;
const Q = (alpha) =>
  new SparseMatrix(
    n,
    n,
    L.colPtr,
    L.rowIndex,
    L.values.map((v, q) => identity[q] + alpha * v),
  );

// A clean image (a disc and a ramp, in [0, 1]) and a noisy observation of it.
let seed = 1;
const uniform = () => {
  seed = (seed * 16807) % 2147483647;
  return seed / 2147483647;
};
const clean = Float64Array.from({ length: n }, (_, j) => {
  const a = Math.floor(j / m) / m - 0.5;
  const b = (j % m) / m - 0.5;
  return a * a + b * b < 0.1 ? 0.9 : 0.2 + 0.3 * (b + 0.5);
});
const noisy = clean.map((v) => v + 0.3 * (uniform() - 0.5) * 2);
const lower = new Float64Array(n);
const upper = new Float64Array(n).fill(1);

/** The loss ½‖x*(α) − clean‖², its derivative in α, and the solution. */
function lossAndGradient(alpha) {
  const solution = solveQP({ Q: Q(alpha), c: noisy.map((v) => -v), lower, upper });
  if (solution.status !== 'optimal') throw new Error(`solveQP: ${solution.status}`);
  const residual = solution.x.map((v, i) => v - clean[i]);
  const loss = 0.5 * residual.reduce((s, v) => s + v * v, 0);
  const { Q: dQ } = solution.vjp(residual); // a SparseMatrix on Q's pattern
  let dAlpha = 0;
  for (let q = 0; q < dQ.nnz; q++) dAlpha += dQ.values[q] * L.values[q];
  solution.dispose();
  return { loss, dAlpha, active: solution.report.active.length };
}

const start = lossAndGradient(0.5);
const h = 1e-5;
const fd = (lossAndGradient(0.5 + h).loss - lossAndGradient(0.5 - h).loss) / (2 * h);
console.log(`n = ${n} variables, ${L.nnz} nonzeros in Q, ${start.active} bounds active at α = 0.5`);
console.log(`dLoss/dα at α = 0.5: ${start.dAlpha.toExponential(6)} (vjp), ${fd.toExponential(6)} (finite difference)`);

// Gradient descent on log α, the step scaled by the first gradient.
let logAlpha = Math.log(0.5);
const rate = 0.5 / Math.abs(start.dAlpha * 0.5);
for (let step = 0; step <= 12; step++) {
  const alpha = Math.exp(logAlpha);
  const { loss, dAlpha } = lossAndGradient(alpha);
  if (step % 3 === 0) console.log(`step ${step}: α = ${alpha.toFixed(4)}, loss ${loss.toFixed(6)}`);
  logAlpha -= rate * dAlpha * alpha;
}
