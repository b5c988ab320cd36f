import { Matrix } from '../../src/index.js';
import { denseSolve, randomDense } from '../helpers/systems.js';

// Nonlinear test problems whose solutions, and hence Jacobians, are known in closed form:
// y*(x) = φ(x) with φ: R³ → R⁴, φ(x) = [sin(x0)·x1, exp(x1), x0·x2², x0 + x1 + x2].

export const nx = 3;
export const ny = 4;

export function phi(x: Float64Array): Float64Array {
  return Float64Array.of(Math.sin(x[0]) * x[1], Math.exp(x[1]), x[0] * x[2] * x[2], x[0] + x[1] + x[2]);
}

/** φ'(x), 4 × 3, the analytic Jacobian ∂y/∂xᵀ. */
export function dphi(x: Float64Array): Matrix {
  return Matrix.from([
    [Math.cos(x[0]) * x[1], Math.sin(x[0]), 0],
    [0, Math.exp(x[1]), 0],
    [x[2] * x[2], 0, 2 * x[0] * x[2]],
    [1, 1, 1],
  ]);
}

/** A nonsymmetric 4 × 4 matrix with positive definite symmetric part (3I + skew + small noise). */
export const A = (() => {
  const r = randomDense(ny, ny, 42);
  const a = new Float64Array(ny * ny);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < ny; j++)
      a[i * ny + j] = (i === j ? 3 : 0) + (r[i * ny + j] - r[j * ny + i]) + 0.1 * r[i * ny + j];
  }
  return a;
})();

export function matmulDense(a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++)
    for (let l = 0; l < k; l++) for (let j = 0; j < m; j++) out[i * m + j] += a[i * k + l] * b[l * m + j];
  return out;
}

/** Root problem F(x, y) = A z + z³ (elementwise), z = y − φ(x): its only root is y = φ(x). */
export const root = {
  F(x: Float64Array, y: Float64Array): Float64Array {
    const f = phi(x);
    const z = y.map((v, i) => v - f[i]);
    const out = new Float64Array(ny);
    for (let i = 0; i < ny; i++) {
      let s = z[i] ** 3;
      for (let j = 0; j < ny; j++) s += A[i * ny + j] * z[j];
      out[i] = s;
    }
    return out;
  },
  dFdy(x: Float64Array, y: Float64Array): Matrix {
    const f = phi(x);
    const D = Float64Array.from(A);
    for (let i = 0; i < ny; i++) D[i * ny + i] += 3 * (y[i] - f[i]) ** 2;
    return new Matrix(ny, ny, D);
  },
  dFdx(x: Float64Array, y: Float64Array): Matrix {
    const D = root.dFdy(x, y).data;
    const P = dphi(x).data;
    return new Matrix(
      ny,
      nx,
      matmulDense(D, P, ny, ny, nx).map((v) => -v),
    );
  },
  /** Newton's method from φ(x) + 0.3, with the tests' own dense solver. */
  solve(x: Float64Array): Float64Array {
    const y = phi(x).map((v) => v + 0.3);
    for (let it = 0; it < 50; it++) {
      const step = denseSolve(root.dFdy(x, y).data, root.F(x, y), ny);
      let size = 0;
      for (let i = 0; i < ny; i++) {
        y[i] -= step[i];
        size = Math.max(size, Math.abs(step[i]));
      }
      if (size < 1e-15) break;
    }
    return y;
  },
};

/** W with ‖W‖₂ ≤ ‖W‖_F = 1. */
const W = (() => {
  const w = randomDense(ny, ny, 7);
  const f = Math.sqrt(w.reduce((s, v) => s + v * v, 0));
  return w.map((v) => v / f);
})();

/** Contraction T(x, y) = φ(x) + 0.4 tanh(W (y − φ(x))) (Lipschitz ≤ 0.4 in y): fixed point y = φ(x). */
export const fixedPoint = {
  T(x: Float64Array, y: Float64Array): Float64Array {
    const f = phi(x);
    const out = new Float64Array(ny);
    for (let i = 0; i < ny; i++) {
      let s = 0;
      for (let j = 0; j < ny; j++) s += W[i * ny + j] * (y[j] - f[j]);
      out[i] = f[i] + 0.4 * Math.tanh(s);
    }
    return out;
  },
  dTdy(x: Float64Array, y: Float64Array): Matrix {
    const f = phi(x);
    const D = new Float64Array(ny * ny);
    for (let i = 0; i < ny; i++) {
      let s = 0;
      for (let j = 0; j < ny; j++) s += W[i * ny + j] * (y[j] - f[j]);
      const sech2 = 1 - Math.tanh(s) ** 2;
      for (let j = 0; j < ny; j++) D[i * ny + j] = 0.4 * sech2 * W[i * ny + j];
    }
    return new Matrix(ny, ny, D);
  },
  dTdx(x: Float64Array, y: Float64Array): Matrix {
    // ∂T/∂x = φ' − (∂T/∂y) φ'
    const D = fixedPoint.dTdy(x, y).data;
    const P = dphi(x).data;
    const DP = matmulDense(D, P, ny, ny, nx);
    return new Matrix(
      ny,
      nx,
      P.map((v, i) => v - DP[i]),
    );
  },
  /** Plain iteration y ← T(x, y) from 0. */
  solve(x: Float64Array): Float64Array {
    let y: Float64Array = new Float64Array(ny);
    for (let it = 0; it < 200; it++) y = fixedPoint.T(x, y);
    return y;
  },
};
