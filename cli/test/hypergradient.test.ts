// The ridge hypergradient of cli/src/ridge.ts (through the library's `hypergradient`) against
// finite differences computed here, with an independent solver (Gauss–Jordan written in this file).
import { describe, expect, it } from 'vitest';
import { crossHessian, lossAndHypergradient, meanLossAndHypergradient, ridgeProblem } from '../src/ridge.js';
import { shrinkToward } from '../src/shrink.js';
import { mulberry32 } from '../src/split.js';

/** Solves A x = b by Gauss–Jordan elimination with partial pivoting (A is an array of rows; copied). */
function gaussSolve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[p][c])) p = r;
    [M[c], M[p]] = [M[p], M[c]];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  return M.map((row, i) => row[n] / row[i]);
}

/** A random regression problem: X (n × p, row-major) and y = X β + noise. */
function randomData(n: number, p: number, seed: number): { X: Float64Array; y: Float64Array } {
  const random = mulberry32(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const X = Float64Array.from({ length: n * p }, normal);
  const beta = Array.from({ length: p }, (_, j) => (j % 3 === 0 ? 0 : normal()));
  const y = Float64Array.from({ length: n }, (_, i) => {
    let s = 0.3 * normal() + 1.5; // an intercept, which centering must absorb
    for (let j = 0; j < p; j++) s += X[i * p + j] * beta[j];
    return s;
  });
  return { X, y };
}

/** The validation loss at log-penalties θ, from scratch: centering, normal equations, Gauss–Jordan. */
function referenceLoss(
  X: Float64Array,
  y: Float64Array,
  p: number,
  train: number[],
  validation: number[],
  theta: number[],
  groupOf: number[],
): number {
  const mean = (rows: number[], f: (i: number) => number) => rows.reduce((s, i) => s + f(i), 0) / rows.length;
  const xm = Array.from({ length: p }, (_, j) => mean(train, (i) => X[i * p + j]));
  const ym = mean(train, (i) => y[i]);
  const A = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) =>
      train.reduce(
        (s, i) => s + (X[i * p + a] - xm[a]) * (X[i * p + b] - xm[b]),
        a === b ? Math.exp(theta[groupOf[a]]) : 0,
      ),
    ),
  );
  const c = Array.from({ length: p }, (_, a) => train.reduce((s, i) => s + (X[i * p + a] - xm[a]) * (y[i] - ym), 0));
  const w = gaussSolve(A, c);
  let loss = 0;
  for (const i of validation) {
    let r = ym - y[i];
    for (let j = 0; j < p; j++) r += (X[i * p + j] - xm[j]) * w[j];
    loss += r * r;
  }
  return loss / (2 * validation.length);
}

describe('ridge hypergradient against finite differences of the re-solved problem', () => {
  const n = 60;
  const p = 7;
  const { X, y } = randomData(n, p, 7);
  const train = Array.from({ length: 40 }, (_, i) => i);
  const validation = Array.from({ length: 20 }, (_, i) => 40 + i);
  const problem = ridgeProblem(X, p, y, Int32Array.from(train), Int32Array.from(validation));

  it.each([
    ['one penalty per feature', [0, 1, 2, 3, 4, 5, 6], [1.2, -0.5, 2.5, 0.3, 3.1, -1.0, 0.8]],
    ['grouped penalties', [0, 0, 1, 1, 1, 2, 2], [0.7, 2.2, -0.4]],
    ['one global penalty', [0, 0, 0, 0, 0, 0, 0], [1.5]],
  ])('%s', (_, groups, thetaValues) => {
    const groupOf = Int32Array.from(groups);
    const theta = Float64Array.from(thetaValues);
    const { loss, grad } = lossAndHypergradient(problem, theta, groupOf);
    expect(loss).toBeCloseTo(referenceLoss(X, y, p, train, validation, thetaValues, groups), 12);
    const h = 1e-4;
    for (let k = 0; k < theta.length; k++) {
      const plus = [...thetaValues];
      const minus = [...thetaValues];
      plus[k] += h;
      minus[k] -= h;
      const fd =
        (referenceLoss(X, y, p, train, validation, plus, groups) -
          referenceLoss(X, y, p, train, validation, minus, groups)) /
        (2 * h);
      // Central differences: truncation O(h²) ≈ 1e-8 relative, rounding ≈ ε·L/h ≈ 1e-12.
      expect(Math.abs(grad[k] - fd)).toBeLessThan(1e-6 * Math.max(Math.abs(fd), 1e-3));
    }
  });

  it('the closed form for one global penalty: dL/dθ = −λ wᵀ H⁻¹ ∂L/∂w', () => {
    // With λ = e^θ the same for every feature, ∂w/∂θ = −λ H⁻¹ w, so dL/dθ = −λ (H⁻¹w)ᵀ ∂L/∂w.
    const theta = 0.9;
    const lambda = Math.exp(theta);
    const { grad, w } = lossAndHypergradient(problem, Float64Array.of(theta), new Int32Array(p));
    const H = Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, b) => problem.gram.get(a, b) + (a === b ? lambda : 0)),
    );
    const u = gaussSolve(H, [...w]);
    const Xv = problem.validation.X;
    const r = Array.from({ length: Xv.rows }, (_, i) => {
      let s = -problem.validation.y[i];
      for (let j = 0; j < p; j++) s += Xv.get(i, j) * w[j];
      return s;
    });
    let expected = 0;
    for (let j = 0; j < p; j++) {
      let gj = 0;
      for (let i = 0; i < Xv.rows; i++) gj += Xv.get(i, j) * r[i];
      expected -= (lambda * u[j] * gj) / Xv.rows;
    }
    expect(grad[0]).toBeCloseTo(expected, 12);
  });

  it('the cross Hessian puts λⱼwⱼ in column group(j)', () => {
    const C = crossHessian(Float64Array.of(2, 3, 4), Float64Array.of(1, -1, 0.5), Int32Array.of(1, 0, 1), 2);
    expect(C.toArray()).toEqual([
      [0, 2],
      [-3, 0],
      [0, 2],
    ]);
  });

  it('the cross-validation objective is the mean of the folds, its gradient the mean of theirs', () => {
    const folds = [0, 1, 2].map((k) => {
      const all = Array.from({ length: n }, (_, i) => i);
      return ridgeProblem(
        X,
        p,
        y,
        Int32Array.from(all.filter((i) => i % 3 !== k)),
        Int32Array.from(all.filter((i) => i % 3 === k)),
      );
    });
    const groupOf = Int32Array.from([0, 1, 0, 1, 0, 1, 0]);
    const theta = Float64Array.of(0.4, 1.9);
    const mean = meanLossAndHypergradient(folds, theta, groupOf);
    const each = folds.map((f) => lossAndHypergradient(f, theta, groupOf));
    expect(mean.loss).toBeCloseTo((each[0].loss + each[1].loss + each[2].loss) / 3, 14);
    for (let k = 0; k < 2; k++) {
      expect(mean.grad[k]).toBeCloseTo((each[0].grad[k] + each[1].grad[k] + each[2].grad[k]) / 3, 14);
    }
  });
});

describe('shrinkage of the log-penalties toward the single λ', () => {
  it('adds ρ·L₀·Σ(θₖ − θ₀)²/(2m), its gradient checked by central differences', () => {
    // A loss with a known gradient, so that only the shrinkage term is under test.
    const loss = (t: Float64Array) => ({
      loss: Math.exp(t[0]) + t[1] * t[2],
      grad: Float64Array.of(Math.exp(t[0]), t[2], t[1]),
    });
    const f = shrinkToward(loss, 0.5, 0.2, 3);
    const theta = Float64Array.of(1.1, -0.4, 2);
    const at = f(theta);
    const base = loss(theta);
    expect(at.loss).toBe(base.loss);
    const expected = ((3 * 0.2) / 3) * ((0.6 ** 2 + 0.9 ** 2 + 1.5 ** 2) / 2);
    expect(at.value - base.loss).toBeCloseTo(expected, 14);
    const h = 1e-5;
    for (let k = 0; k < 3; k++) {
      const plus = Float64Array.from(theta);
      const minus = Float64Array.from(theta);
      plus[k] += h;
      minus[k] -= h;
      const fd = (f(plus).value - f(minus).value) / (2 * h);
      expect(Math.abs(at.grad[k] - fd)).toBeLessThan(1e-8);
    }
    // ρ = 0 leaves the loss and its gradient as they are.
    const none = shrinkToward(loss, 0.5, 0.2, 0)(theta);
    expect(none.value).toBe(base.loss);
    expect([...none.grad]).toEqual([...base.grad]);
  });
});
