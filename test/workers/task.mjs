// The work a test worker does, in plain JavaScript so that both a Web Worker (through vite) and a
// Node worker thread (without a TypeScript loader) can run it against the library they are given.
//
// T = tridiag(−1, 2, −1) of order n is symmetric positive definite with det T = n + 1 (expand
// along the last row: dₙ = 2dₙ₋₁ − dₙ₋₂, d₀ = 1, d₁ = 2). With x = (1, 2, …, n), every row of
// T·x vanishes except the last: b = T·x = (0, …, 0, n + 1), so the solution is known exactly.

/**
 * Factors T of order n with Cholesky and LU, solves T·x = b with both, and returns the solutions
 * and determinants for the caller to compare with x = (1, …, n) and det T = n + 1.
 * @param {typeof import('../../src/index.js')} lib the library (src in a page, dist in Node)
 * @param {number} n the order
 */
export function tridiagonalTask(lib, n) {
  const T = new lib.Matrix(n, n);
  for (let i = 0; i < n; i++) {
    T.set(i, i, 2);
    if (i > 0) T.set(i, i - 1, -1);
    if (i + 1 < n) T.set(i, i + 1, -1);
  }
  const b = new Float64Array(n);
  b[n - 1] = n + 1;
  const c = lib.cholesky(T);
  const f = lib.lu(T);
  try {
    return {
      n,
      cholesky: Array.from(c.solve(b)),
      lu: Array.from(f.solve(b)),
      logDet: c.logDet(),
      det: f.det(),
    };
  } finally {
    c.dispose();
    f.dispose();
  }
}
