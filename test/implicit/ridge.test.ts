import { describe, expect, it } from 'vitest';
import type { LinearOperator } from '../../src/index.js';
import { hypergradient, implicitArgmin, Matrix } from '../../src/index.js';
import { denseSolve, randomDense, randomVector, relDiff } from '../helpers/systems.js';

// The main job's mathematics. Inner problem: w*(θ) = argmin_w ½‖X w − y‖² + ½ Σ_j exp(θ_j) w_j²,
// so ∂g/∂w = Xᵀ(X w − y) + e^θ ⊙ w, H = XᵀX + diag(e^θ), ∂²g/∂w∂θᵀ = diag(e^θ ⊙ w).
// Outer loss: L(w) = ½‖X_v w − y_v‖², ∂L/∂w = X_vᵀ(X_v w − y_v).
// Closed form of the hypergradient: dw*/dθ_j = −H⁻¹ e_j e^{θ_j} w_j, so
// dL/dθ_j = −e^{θ_j} w_j (H⁻¹ ∂L/∂w)_j, evaluated here with the tests' own Gaussian elimination.

const n = 40;
const nv = 25;
const p = 8;
const X = randomDense(n, p, 1);
const y = randomVector(n, 2);
const Xv = randomDense(nv, p, 3);
const yv = randomVector(nv, 4);
const theta = Float64Array.from({ length: p }, (_, j) => -1 + 0.3 * j);

function gram(A: Float64Array, rows: number): Float64Array {
  const G = new Float64Array(p * p);
  for (let k = 0; k < rows; k++)
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) G[i * p + j] += A[k * p + i] * A[k * p + j];
  return G;
}
const XtX = gram(X, n);
const Xty = new Float64Array(p);
for (let k = 0; k < n; k++) for (let i = 0; i < p; i++) Xty[i] += X[k * p + i] * y[k];

function hessianOf(t: Float64Array): Float64Array {
  const H = Float64Array.from(XtX);
  for (let j = 0; j < p; j++) H[j * p + j] += Math.exp(t[j]);
  return H;
}
const solveInner = (t: Float64Array) => denseSolve(hessianOf(t), Xty, p);
function gradInner(t: Float64Array, w: Float64Array): Float64Array {
  const g = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    let r = -y[k];
    for (let i = 0; i < p; i++) r += X[k * p + i] * w[i];
    for (let i = 0; i < p; i++) g[i] += X[k * p + i] * r;
  }
  for (let j = 0; j < p; j++) g[j] += Math.exp(t[j]) * w[j];
  return g;
}
function outer(w: Float64Array): [number, Float64Array] {
  let value = 0;
  const grad = new Float64Array(p);
  for (let k = 0; k < nv; k++) {
    let r = -yv[k];
    for (let i = 0; i < p; i++) r += Xv[k * p + i] * w[i];
    value += 0.5 * r * r;
    for (let i = 0; i < p; i++) grad[i] += Xv[k * p + i] * r;
  }
  return [value, grad];
}
const crossOf = (t: Float64Array, w: Float64Array) => {
  const C = new Matrix(p, p);
  for (let j = 0; j < p; j++) C.data[j * p + j] = Math.exp(t[j]) * w[j];
  return C;
};

const w = solveInner(theta);
const gL = outer(w)[1];
const closedForm = (() => {
  const v = denseSolve(hessianOf(theta), gL, p);
  return Float64Array.from({ length: p }, (_, j) => -Math.exp(theta[j]) * w[j] * v[j]);
})();
const finiteDifference = Float64Array.from({ length: p }, (_, j) => {
  const h = 1e-5;
  const tp = Float64Array.from(theta);
  const tm = Float64Array.from(theta);
  tp[j] += h;
  tm[j] -= h;
  return (outer(solveInner(tp))[0] - outer(solveInner(tm))[0]) / (2 * h);
});

describe('ridge regression hypergradient (per-feature penalties)', () => {
  it('the closed form and finite differences of the re-solved problem agree (sanity of the oracles)', () => {
    expect(relDiff(closedForm, finiteDifference)).toBeLessThan(1e-7);
  });

  it('hypergradient(H, C, ∂L/∂w) matches the closed form and finite differences', () => {
    const out = hypergradient(new Matrix(p, p, hessianOf(theta)), crossOf(theta, w), gL);
    expect(relDiff(out, closedForm)).toBeLessThan(1e-12);
    expect(relDiff(out, finiteDifference)).toBeLessThan(1e-7);
  });

  it('implicitArgmin.valueAndGrad with exact derivatives matches, with a Cholesky report', () => {
    const f = implicitArgmin({
      solve: solveInner,
      grad: gradInner,
      hessian: (t) => new Matrix(p, p, hessianOf(t)),
      crossHessian: crossOf,
    });
    const r = f.valueAndGrad(theta, outer);
    expect(r.value).toBeCloseTo(outer(w)[0], 13);
    expect(relDiff(r.grad, closedForm)).toBeLessThan(1e-12);
    expect(r.report.solver).toBe('cholesky');
    expect(r.report.derivatives).toBe('exact');
    expect(r.report.residual).toBeLessThan(1e-12);
    expect(r.report.fdEvaluations).toBe(0);
  });

  it('implicitArgmin with finite-difference Hessians agrees to the accuracy they allow', () => {
    const f = implicitArgmin({ solve: solveInner, grad: gradInner });
    const r = f.valueAndGrad(theta, outer);
    expect(relDiff(r.grad, closedForm)).toBeLessThan(1e-7);
    expect(r.report.derivatives).toBe('finite-difference');
    expect(r.report.sources).toEqual({ dFdy: 'finite-difference', dFdx: 'finite-difference' });
    // + 2: the scale of the default residual check takes ∂F/∂x·x by one directional difference
    expect(r.report.fdEvaluations).toBe(4 * p + 2);
  });

  it('matrix-free: Hessian and cross Hessian as operators, CG', () => {
    const H: LinearOperator = {
      rows: p,
      cols: p,
      tags: ['positive-definite'],
      matvec: (v) => {
        // (XᵀX + diag e^θ) v without forming XᵀX
        const Xv1 = new Float64Array(n);
        for (let k = 0; k < n; k++) for (let i = 0; i < p; i++) Xv1[k] += X[k * p + i] * v[i];
        const out = new Float64Array(p);
        for (let k = 0; k < n; k++) for (let i = 0; i < p; i++) out[i] += X[k * p + i] * Xv1[k];
        for (let j = 0; j < p; j++) out[j] += Math.exp(theta[j]) * v[j];
        return out;
      },
    };
    const d = Float64Array.from({ length: p }, (_, j) => Math.exp(theta[j]) * w[j]);
    const C: LinearOperator = {
      rows: p,
      cols: p,
      matvec: (v) => v.map((vi, j) => d[j] * vi),
      rmatvec: (v) => v.map((vi, j) => d[j] * vi),
    };
    const f = implicitArgmin({
      solve: solveInner,
      grad: gradInner,
      hessian: () => H,
      crossHessian: () => C,
      tol: 1e-13,
    });
    const r = f.valueAndGrad(theta, outer);
    expect(relDiff(r.grad, closedForm)).toBeLessThan(1e-10);
    expect(r.report.solver).toBe('cg');
    expect(r.report.converged).toBe(true);
    expect(r.report.iterations).toBeLessThanOrEqual(3 * p);
  });
});
