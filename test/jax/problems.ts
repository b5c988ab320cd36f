import * as jax from '@jax-js/jax';
import { Matrix, matvec, solve } from '../../src/index.js';
import { array } from '../../src/jax/index.js';
import { randomMatrix } from '../helpers/random.js';

// The test problems of the jax adapters, each with an independent reference: a closed form of
// dy/dx (ridge, the nonlinear root, the tanh fixed point) or a re-solvable inner problem for
// finite differences (logistic regression). All are non-symmetric where it matters: ∂y/∂xᵀ is not
// symmetric and nx ≠ ny for the root and the fixed point, so a transposed Jacobian fails them.

const np = jax.numpy;

/** ½‖r‖² of a jax-js vector (consumed). */
const halfSquare = (r: jax.Array) => np.sum(r.ref.mul(r)).mul(0.5);

/** AᵀA + diag(p) and Aᵀb. */
function normalEquations(A: Matrix, b: Float64Array, p: ArrayLike<number>): [Matrix, Float64Array] {
  const n = A.cols;
  const H = new Matrix(n, n);
  const rhs = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < A.rows; k++) s += A.get(k, i) * A.get(k, j);
      H.set(i, j, s + (i === j ? p[i] : 0));
    }
    let s = 0;
    for (let k = 0; k < A.rows; k++) s += A.get(k, i) * b[k];
    rhs[i] = s;
  }
  return [H, rhs];
}

/**
 * Ridge regression with one log-penalty per coefficient: g(x, y) = ½‖Ay − b‖² + ½ Σ e^{x_i} y_i².
 * y* = H⁻¹Aᵀb with H = AᵀA + diag(e^x), and ∂y/∂xᵀ = −H⁻¹ diag(e^x ∘ y) (differentiate H y = Aᵀb).
 */
export function ridge(m: number, n: number, seed: number) {
  const A = randomMatrix(m, n, seed);
  const b = Float64Array.from(randomMatrix(m, 1, seed + 1).data);
  const Aj = array(A.data, [m, n]);
  const bj = array(b);
  return {
    n,
    g: (x: jax.Array, y: jax.Array) =>
      halfSquare(np.matmul(Aj.ref, y.ref).sub(bj.ref)).add(halfSquare(np.exp(x.mul(0.5)).mul(y))),
    /** The same g with penalties x_i (no transcendental: jax-js's wasm device computes it exactly). */
    gLinear: (x: jax.Array, y: jax.Array) =>
      halfSquare(np.matmul(Aj.ref, y.ref).sub(bj.ref)).add(np.sum(x.mul(y.ref).mul(y)).mul(0.5)),
    solve: (x: Float64Array, penalty: (t: number) => number = Math.exp) => {
      const [H, rhs] = normalEquations(A, b, Array.from(x, penalty));
      return solve(H, rhs);
    },
    jacobian: (x: Float64Array, penalty: (t: number) => number = Math.exp, dpenalty = Math.exp): Matrix => {
      const p = Array.from(x, penalty);
      const [H, rhs] = normalEquations(A, b, p);
      const y = solve(H, rhs);
      const D = new Matrix(n, n);
      for (let i = 0; i < n; i++) D.set(i, i, -dpenalty(x[i]) * y[i]);
      return solve(H, D) as Matrix;
    },
    dispose: () => {
      Aj.dispose();
      bj.dispose();
    },
  };
}

/**
 * Logistic regression with log-penalties: g(x, y) = (1/m) Σ softplus(−b_k (Ay)_k) + ½ Σ e^{x_i} y_i²,
 * b_k = ±1, minimized by Newton's method on the adapter's own gradient and Hessian products (or by
 * the hand-written ones of `handGrad`, `handHessian`). No closed form: the reference is central
 * differences of the re-solved problem.
 */
export function logistic(m: number, n: number, seed: number) {
  const A = randomMatrix(m, n, seed);
  const labels = Float64Array.from(randomMatrix(m, 1, seed + 1).data, (v) => (v > 0 ? 1 : -1));
  const Aj = array(A.data, [m, n]);
  const bj = array(labels);
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  /** margins z = b ∘ (A y) */
  const margins = (y: Float64Array) => {
    const Ay = matvec(A, y);
    return Float64Array.from(Ay, (v, k) => labels[k] * v);
  };
  const handGrad = (x: Float64Array, y: Float64Array) => {
    const z = margins(y);
    const grad = new Float64Array(n);
    for (let k = 0; k < m; k++) {
      const c = (-labels[k] * sigmoid(-z[k])) / m;
      for (let i = 0; i < n; i++) grad[i] += c * A.get(k, i);
    }
    for (let i = 0; i < n; i++) grad[i] += Math.exp(x[i]) * y[i];
    return grad;
  };
  const handHessian = (x: Float64Array, y: Float64Array) => {
    const z = margins(y);
    const H = new Matrix(n, n);
    for (let k = 0; k < m; k++) {
      const s = sigmoid(z[k]);
      const w = (s * (1 - s)) / m;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) H.data[i * n + j] += w * A.get(k, i) * A.get(k, j);
    }
    for (let i = 0; i < n; i++) H.data[i * n + i] += Math.exp(x[i]);
    return H;
  };
  const handValue = (x: Float64Array, y: Float64Array) => {
    const z = margins(y);
    let s = 0;
    // softplus(t) = log(1 + e^t), written stably as max(t, 0) + log1p(e^{−|t|})
    for (const zk of z) s += Math.max(-zk, 0) + Math.log1p(Math.exp(-Math.abs(zk)));
    s /= m;
    for (let i = 0; i < n; i++) s += 0.5 * Math.exp(x[i]) * y[i] * y[i];
    return s;
  };
  /** ∂²g/∂y∂xᵀ = diag(e^x ∘ y); `sign` −1 gives the flipped-sign mistake. */
  const handCrossHessian = (x: Float64Array, y: Float64Array, sign = 1) => {
    const C = new Matrix(n, n);
    for (let i = 0; i < n; i++) C.set(i, i, sign * Math.exp(x[i]) * y[i]);
    return C;
  };
  /** Newton's method on g(x, ·) to a gradient below 1e-13, from 0. */
  const newton = (x: Float64Array, grad = handGrad, hessian = handHessian) => {
    let y = new Float64Array(n);
    for (let it = 0; it < 50; it++) {
      const gr = grad(x, y);
      let norm = 0;
      for (const v of gr) norm = Math.max(norm, Math.abs(v));
      if (norm < 1e-13) break;
      const step = solve(hessian(x, y), gr);
      y = Float64Array.from(y, (v, i) => v - step[i]);
    }
    return y;
  };
  return {
    n,
    g: (x: jax.Array, y: jax.Array) =>
      np
        .sum(jax.nn.softplus(np.multiply(bj.ref, np.matmul(Aj.ref, y.ref)).mul(-1)))
        .div(m)
        .add(halfSquare(np.exp(x.mul(0.5)).mul(y))),
    handValue,
    handGrad,
    handHessian,
    handCrossHessian,
    newton,
    dispose: () => {
      Aj.dispose();
      bj.dispose();
    },
  };
}

/**
 * A nonlinear root with nx ≠ ny and a non-symmetric ∂F/∂y: F(x, y) = y³ + y + K y − C x (cubes
 * taken entrywise), K non-symmetric with ‖K‖ small, C ny × nx. ∂F/∂yᵀ = diag(3y² + 1) + K and
 * ∂y/∂xᵀ = (diag(3y² + 1) + K)⁻¹ C.
 */
export function cubicRoot(ny: number, nx: number, seed: number) {
  const K = randomMatrix(ny, ny, seed);
  for (let i = 0; i < K.data.length; i++) K.data[i] *= 0.2 / Math.sqrt(ny);
  const C = randomMatrix(ny, nx, seed + 1);
  const Kj = array(K.data, [ny, ny]);
  const Cj = array(C.data, [ny, nx]);
  const F = (x: Float64Array, y: Float64Array) => {
    const Ky = matvec(K, y);
    const Cx = matvec(C, x);
    return Float64Array.from(y, (v, i) => v * v * v + v + Ky[i] - Cx[i]);
  };
  const dFdy = (y: Float64Array) => {
    const J = new Matrix(ny, ny, Float64Array.from(K.data));
    for (let i = 0; i < ny; i++) J.data[i * ny + i] += 3 * y[i] * y[i] + 1;
    return J;
  };
  return {
    F: (x: jax.Array, y: jax.Array) =>
      np.multiply(np.multiply(y.ref, y.ref), y.ref).add(y.ref).add(np.matmul(Kj.ref, y)).sub(np.matmul(Cj.ref, x)),
    /** Newton's method with the exact Jacobian, to ‖F‖∞ < 1e-14. */
    solve: (x: Float64Array) => {
      let y = new Float64Array(ny);
      for (let it = 0; it < 60; it++) {
        const r = F(x, y);
        if (Math.max(...Array.from(r, Math.abs)) < 1e-14) break;
        const step = solve(dFdy(y), r);
        y = Float64Array.from(y, (v, i) => v - step[i]);
      }
      return y;
    },
    jacobian: (y: Float64Array): Matrix => solve(dFdy(y), C) as Matrix,
    dispose: () => {
      Kj.dispose();
      Cj.dispose();
    },
  };
}

/**
 * The fixed point y = tanh(W y + U x), W non-symmetric with ‖W‖₂ < 1/2 (a contraction), U ny × nx.
 * With D = diag(1 − y²): ∂y/∂xᵀ = (I − D W)⁻¹ D U.
 */
export function tanhFixedPoint(ny: number, nx: number, seed: number) {
  const W = randomMatrix(ny, ny, seed);
  for (let i = 0; i < W.data.length; i++) W.data[i] *= 0.15 / Math.sqrt(ny);
  const U = randomMatrix(ny, nx, seed + 1);
  const Wj = array(W.data, [ny, ny]);
  const Uj = array(U.data, [ny, nx]);
  const T = (x: Float64Array, y: Float64Array) => {
    const Wy = matvec(W, y);
    const Ux = matvec(U, x);
    return Float64Array.from(Wy, (v, i) => Math.tanh(v + Ux[i]));
  };
  return {
    T: (x: jax.Array, y: jax.Array) => np.tanh(np.matmul(Wj.ref, y).add(np.matmul(Uj.ref, x))),
    /** Fixed-point iteration to a step below 1e-15. */
    solve: (x: Float64Array) => {
      let y = new Float64Array(ny);
      for (let it = 0; it < 500; it++) {
        const next = T(x, y);
        const step = Math.max(...Array.from(next, (v, i) => Math.abs(v - y[i])));
        y = next;
        if (step < 1e-15) break;
      }
      return y;
    },
    jacobian: (y: Float64Array): Matrix => {
      const M = new Matrix(ny, ny);
      const DU = new Matrix(ny, nx);
      for (let i = 0; i < ny; i++) {
        const d = 1 - y[i] * y[i];
        for (let j = 0; j < ny; j++) M.set(i, j, (i === j ? 1 : 0) - d * W.get(i, j));
        for (let j = 0; j < nx; j++) DU.set(i, j, d * U.get(i, j));
      }
      return solve(M, DU) as Matrix;
    },
    dispose: () => {
      Wj.dispose();
      Uj.dispose();
    },
  };
}

/** max |a − b| / max(max |b|, tiny): the relative error of a against the reference b. */
export function relError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / Math.max(scale, 1e-300);
}

/** Central differences of a scalar function of x along each coordinate, step h. */
export function fdGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-5): Float64Array {
  return Float64Array.from(x, (xi, j) => {
    const xp = Float64Array.from(x);
    const xm = Float64Array.from(x);
    xp[j] = xi + h;
    xm[j] = xi - h;
    return (f(xp) - f(xm)) / (2 * h);
  });
}
