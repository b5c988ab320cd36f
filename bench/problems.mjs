// Inputs of every benchmarked operation and the correctness check applied to each contender's
// result before it is timed. Inputs are seeded, row-major Float64Arrays; every check is a
// randomized residual test costing O(n²) (Freivalds' idea: compare M·x with the product the
// result claims, for a random x), so checking a 1024 × 1024 result is cheap and independent of
// how any library computes it.

import { rng as mulberry32 } from './random.mjs';

/** A seeded generator of uniform numbers on [-1, 1): bench/random.mjs's mulberry32, rescaled. */
export function rng(seed) {
  const uniform = mulberry32(seed);
  return () => 2 * uniform() - 1;
}

function randomVector(n, next) {
  const v = new Float64Array(n);
  for (let i = 0; i < n; i++) v[i] = next();
  return v;
}

function randomMatrix(m, n, next) {
  return randomVector(m * n, next);
}

/** Symmetric, diagonally dominant (so positive definite, condition ≈ 1 + 2/√n): a_ii = n + 1, |a_ij| ≤ 1. */
function spdMatrix(n, next) {
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    a[i * n + i] = n + 1;
    for (let j = 0; j < i; j++) {
      const v = next();
      a[i * n + j] = v;
      a[j * n + i] = v;
    }
  }
  return a;
}

/** y = M x (M m×n row-major), and |M| |x| for scaling residuals. */
export function matvec(M, m, n, x) {
  const y = new Float64Array(m);
  const s = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let acc = 0;
    let abs = 0;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      acc += M[row + j] * x[j];
      abs += Math.abs(M[row + j] * x[j]);
    }
    y[i] = acc;
    s[i] = abs;
  }
  return { y, s };
}

const EPS = 2 ** -52;

/**
 * max_i |r_i| / (scale_i · n · ε): a componentwise backward-error ratio. Backward-stable
 * algorithms give O(1) values; we accept below LIMIT.
 */
const LIMIT = 100;

function ratio(r, scale, n) {
  let worst = 0;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(r[i]);
    if (!Number.isFinite(d)) return Number.POSITIVE_INFINITY;
    const s = scale[i] * Math.max(n, 1) * EPS;
    worst = Math.max(worst, s > 0 ? d / s : d > 0 ? Number.POSITIVE_INFINITY : 0);
  }
  return worst;
}

function verdict(value, what) {
  return value < LIMIT
    ? { ok: true, error: value }
    : { ok: false, error: value, message: `${what}: scaled residual ${value.toPrecision(3)} ≥ ${LIMIT}` };
}

function asF64(x, len, what) {
  if (x === undefined || x === null) throw new Error(`${what}: no result`);
  const a = x instanceof Float64Array ? x : Float64Array.from(x);
  if (a.length !== len) throw new Error(`${what}: result has ${a.length} entries, expected ${len}`);
  return a;
}

/** Check C = A B:  C x against A (B x), scaled by |A| (|B| |x|). */
function checkGemm(input, C) {
  const { n, A, B } = input;
  C = asF64(C, n * n, 'gemm');
  const x = randomVector(n, rng(7));
  const bx = matvec(B, n, n, x);
  const abx = matvec(A, n, n, bx.y);
  const scale = matvec(A.map(Math.abs), n, n, bx.s).y;
  const cx = matvec(C, n, n, x).y;
  const r = cx.map((v, i) => v - abx.y[i]);
  return verdict(ratio(r, scale, n), 'gemm');
}

/** L (lower triangle of a row-major n×n array; the rest is ignored) times Lᵀ x. */
function lowerTimesLowerT(L, n, x) {
  const w = new Float64Array(n);
  const ws = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // w_j = Σ_{i ≥ j} L_ij x_i
    let acc = 0;
    let abs = 0;
    for (let i = j; i < n; i++) {
      acc += L[i * n + j] * x[i];
      abs += Math.abs(L[i * n + j] * x[i]);
    }
    w[j] = acc;
    ws[j] = abs;
  }
  const y = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    let abs = 0;
    for (let j = 0; j <= i; j++) {
      acc += L[i * n + j] * w[j];
      abs += Math.abs(L[i * n + j]) * ws[j];
    }
    y[i] = acc;
    s[i] = abs;
  }
  return { y, s };
}

/** Check A = L Lᵀ:  L (Lᵀ x) against A x, scaled by |L| (|Lᵀ| |x|). */
function checkCholesky(input, L) {
  const { n, A } = input;
  L = asF64(L, n * n, 'cholesky');
  const x = randomVector(n, rng(11));
  const llx = lowerTimesLowerT(L, n, x);
  const ax = matvec(A, n, n, x).y;
  const r = ax.map((v, i) => v - llx.y[i]);
  return verdict(ratio(r, llx.s, n), 'cholesky');
}

/**
 * Check A[perm, cperm] = L U (L unit lower, U upper). `res` has either `lu` (both factors in one
 * array, LAPACK style) or `L` and `U` (`unitL`: L's diagonal is implied, not stored); `perm[i]` is the row of A that is row i of L U, `cperm`
 * (full pivoting only) likewise for columns.
 */
function checkLu(input, res) {
  const { n, A } = input;
  if (!res) throw new Error('lu: no result');
  if (typeof res.solve === 'function') {
    // A factorization that exposes only solves: check a solve with it instead.
    const b = randomVector(n, rng(19));
    return checkSolve({ n, A, b }, res.solve(b));
  }
  const Lf = asF64(res.L ?? res.lu, n * n, 'lu L');
  const Uf = asF64(res.U ?? res.lu, n * n, 'lu U');
  const unitFromCombined = res.lu !== undefined || res.unitL === true;
  const perm = Array.from(res.perm);
  const cperm = res.cperm ? Array.from(res.cperm) : Array.from({ length: n }, (_, j) => j);
  const x = randomVector(n, rng(13));
  // u = U x, then y = L u with L unit lower.
  const u = new Float64Array(n);
  const us = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    let abs = 0;
    for (let j = i; j < n; j++) {
      acc += Uf[i * n + j] * x[j];
      abs += Math.abs(Uf[i * n + j] * x[j]);
    }
    u[i] = acc;
    us[i] = abs;
  }
  const r = new Float64Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = u[i];
    let abs = us[i];
    const lii = unitFromCombined ? 1 : Lf[i * n + i];
    acc *= lii;
    abs *= Math.abs(lii);
    for (let j = 0; j < i; j++) {
      acc += Lf[i * n + j] * u[j];
      abs += Math.abs(Lf[i * n + j]) * us[j];
    }
    let ax = 0;
    const row = perm[i] * n;
    for (let j = 0; j < n; j++) ax += A[row + cperm[j]] * x[j];
    r[i] = ax - acc;
    s[i] = abs;
  }
  return verdict(ratio(r, s, n), 'lu');
}

/** Check A x = b: b - A x scaled by |A| |x| + |b|. */
function checkSolve(input, x) {
  const { n, A, b } = input;
  x = asF64(x, n, 'solve');
  const ax = matvec(A, n, n, x);
  const r = ax.y.map((v, i) => b[i] - v);
  const s = ax.s.map((v, i) => v + Math.abs(b[i]));
  return verdict(ratio(r, s, n), 'solve');
}

/**
 * Check h = -Cᵀ H⁻¹ g. The problem is built from a chosen v with g = H v, so the exact answer
 * is -Cᵀ v; H's condition number is below 1.1, so the error bound is a small multiple of |Cᵀ| |v| n ε.
 */
function checkHypergradient(input, h) {
  const { n, nx, C, v } = input;
  h = asF64(h, nx, 'hypergradient');
  const r = new Float64Array(nx);
  const s = new Float64Array(nx);
  for (let j = 0; j < nx; j++) {
    let acc = 0;
    let abs = 0;
    for (let i = 0; i < n; i++) {
      acc += C[i * nx + j] * v[i];
      abs += Math.abs(C[i * nx + j] * v[i]);
    }
    r[j] = h[j] + acc;
    s[j] = abs;
  }
  return verdict(ratio(r, s, n) / 10, 'hypergradient');
}

/** Check J = -dFdy⁻¹ dFdx:  dFdy (J x) + dFdx x, scaled by |dFdy| (|J| |x|) + |dFdx| |x|. */
function checkJacobian(input, J) {
  const { n, nx, A, X } = input;
  J = asF64(J, n * nx, 'jacobian');
  const x = randomVector(nx, rng(17));
  const jx = matvec(J, n, nx, x);
  const ajx = matvec(A, n, n, jx.y);
  const scale1 = matvec(A.map(Math.abs), n, n, jx.s).y;
  const fx = matvec(X, n, nx, x);
  const r = ajx.y.map((v, i) => v + fx.y[i]);
  const s = scale1.map((v, i) => v + fx.s[i]);
  return verdict(ratio(r, s, n), 'jacobian');
}

/**
 * The operations: how to build an input of size n, the flop count used for GFLOP/s (LAPACK's
 * leading terms), and the check. `A` is the matrix factored or multiplied.
 */
export const OPS = {
  gemm: {
    title: 'GEMM C = A·B',
    flops: (n) => 2 * n ** 3,
    make(n, seed) {
      const next = rng(seed);
      return { n, A: randomMatrix(n, n, next), B: randomMatrix(n, n, next) };
    },
    check: checkGemm,
  },
  cholesky: {
    title: 'Cholesky A = L·Lᵀ',
    flops: (n) => n ** 3 / 3,
    make(n, seed) {
      return { n, A: spdMatrix(n, rng(seed)) };
    },
    check: checkCholesky,
  },
  'cholesky-solve': {
    title: 'Cholesky solve, 1 right-hand side, factor given',
    flops: (n) => 2 * n ** 2,
    make(n, seed) {
      const next = rng(seed);
      return { n, A: spdMatrix(n, next), b: randomVector(n, next) };
    },
    check: checkSolve,
  },
  lu: {
    title: 'LU with partial pivoting P·A = L·U',
    flops: (n) => (2 * n ** 3) / 3,
    make(n, seed) {
      return { n, A: randomMatrix(n, n, rng(seed)) };
    },
    check: checkLu,
  },
  'lu-solve': {
    title: 'LU solve, 1 right-hand side, factor given',
    flops: (n) => 2 * n ** 2,
    make(n, seed) {
      const next = rng(seed);
      return { n, A: randomMatrix(n, n, next), b: randomVector(n, next) };
    },
    check: checkSolve,
  },
  hypergradient: {
    title: 'Hypergradient -Cᵀ H⁻¹ g (H n×n SPD, C n×n), from scratch',
    flops: (n) => n ** 3 / 3 + 4 * n ** 2,
    make(n, seed) {
      const next = rng(seed);
      const H = spdMatrix(n, next);
      const C = randomMatrix(n, n, next);
      const v = randomVector(n, next);
      const g = matvec(H, n, n, v).y;
      return { n, nx: n, A: H, H, C, g, v };
    },
    check: checkHypergradient,
  },
  jacobian: {
    title: 'Implicit Jacobian -dFdy⁻¹ dFdx (both n×n), from scratch',
    flops: (n) => (8 * n ** 3) / 3,
    make(n, seed) {
      const next = rng(seed);
      return { n, nx: n, A: randomMatrix(n, n, next), X: randomMatrix(n, n, next) };
    },
    check: checkJacobian,
  },
};

/** Row-major Float64Array → array of row arrays (for peers that take number[][]). */
export function toRows(a, m, n) {
  const rows = new Array(m);
  for (let i = 0; i < m; i++) rows[i] = Array.from(a.subarray(i * n, (i + 1) * n));
  return rows;
}

/** Array of rows → row-major Float64Array. */
export function fromRows(rows) {
  const m = rows.length;
  const n = m > 0 ? rows[0].length : 0;
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = rows[i][j];
  return a;
}

/** Inverse of LAPACK-style sequential row interchanges (row i swapped with ipiv[i]) as a row permutation. */
export function permFromSwaps(ipiv, n) {
  const perm = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < ipiv.length; i++) {
    const k = ipiv[i];
    if (k !== i) [perm[i], perm[k]] = [perm[k], perm[i]];
  }
  return perm;
}
