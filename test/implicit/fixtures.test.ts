import { describe, expect, it } from 'vitest';
import { implicitArgmin, implicitFixedPoint, implicitRoot, Matrix, solve } from '../../src/index.js';
import { ridge, steadyState } from '../fixtures/implicit/reference.js';
import { relDiff } from '../helpers/systems.js';

// Reference values computed by numpy/scipy (test/fixtures/implicit/generate.py).

describe('against numpy/scipy fixtures', () => {
  it('ridge regression hypergradient with per-feature penalties', () => {
    const { n, nv, p } = ridge;
    const X = new Matrix(n, p, ridge.X);
    const Xv = new Matrix(nv, p, ridge.Xv);
    const XtX = new Matrix(p, p);
    const Xty = new Float64Array(p);
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < p; i++) {
        Xty[i] += X.get(k, i) * ridge.y[k];
        for (let j = 0; j < p; j++) XtX.data[i * p + j] += X.get(k, i) * X.get(k, j);
      }
    }
    const hessian = (t: Float64Array) => {
      const H = new Matrix(p, p, Float64Array.from(XtX.data));
      for (let j = 0; j < p; j++) H.data[j * p + j] += Math.exp(t[j]);
      return H;
    };
    const f = implicitArgmin({
      solve: (t) => solve(hessian(t), Xty, { assume: 'spd' }),
      grad: (t, w) => {
        const g = new Float64Array(p);
        for (let i = 0; i < p; i++) {
          g[i] = Math.exp(t[i]) * w[i] - Xty[i];
          for (let j = 0; j < p; j++) g[i] += XtX.data[i * p + j] * w[j];
        }
        return g;
      },
      hessian,
      crossHessian: (t, w) => {
        const C = new Matrix(p, p);
        for (let j = 0; j < p; j++) C.data[j * p + j] = Math.exp(t[j]) * w[j];
        return C;
      },
      residualTolerance: 1e-10,
    });
    const r = f.valueAndGrad(ridge.theta, (w) => {
      const res = new Float64Array(nv);
      for (let k = 0; k < nv; k++) {
        res[k] = -ridge.yv[k];
        for (let i = 0; i < p; i++) res[k] += Xv.get(k, i) * w[i];
      }
      const grad = new Float64Array(p);
      for (let k = 0; k < nv; k++) for (let i = 0; i < p; i++) grad[i] += Xv.get(k, i) * res[k];
      return [0.5 * res.reduce((s, v) => s + v * v, 0), grad];
    });
    expect(relDiff(r.y, ridge.w)).toBeLessThan(1e-12);
    expect(relDiff(r.grad, ridge.hypergradient)).toBeLessThan(1e-11);
  });

  it('steady state y = tanh(W y + U x + b): fixed point (iteration) and root (Newton-free) forms', () => {
    const { ny, nx, W, U, b } = steadyState;
    const T = (x: Float64Array, y: Float64Array) => {
      const out = new Float64Array(ny);
      for (let i = 0; i < ny; i++) {
        let s = b[i];
        for (let j = 0; j < ny; j++) s += W[i * ny + j] * y[j];
        for (let j = 0; j < nx; j++) s += U[i * nx + j] * x[j];
        out[i] = Math.tanh(s);
      }
      return out;
    };
    const iterate = (x: Float64Array) => {
      let y: Float64Array = new Float64Array(ny);
      for (let k = 0; k < 200; k++) y = T(x, y);
      return y;
    };
    const exact = implicitFixedPoint({
      solve: iterate,
      T,
      dTdy: (_x, y) =>
        new Matrix(
          ny,
          ny,
          Float64Array.from(W, (w, k) => (1 - y[Math.floor(k / ny)] ** 2) * w),
        ),
      dTdx: (_x, y) =>
        new Matrix(
          ny,
          nx,
          Float64Array.from(U, (u, k) => (1 - y[Math.floor(k / nx)] ** 2) * u),
        ),
    }).jacobian(steadyState.x);
    expect(relDiff(exact.y, steadyState.y)).toBeLessThan(1e-12);
    expect(relDiff(exact.jacobian.data, steadyState.jacobian)).toBeLessThan(1e-12);
    const byDifferences = implicitRoot({ solve: iterate, F: (x, y) => T(x, y).map((t, i) => y[i] - t) }).jacobian(
      steadyState.x,
    );
    expect(relDiff(byDifferences.jacobian.data, steadyState.jacobian)).toBeLessThan(1e-8);
    expect(byDifferences.report.derivatives).toBe('finite-difference');
  });
});
