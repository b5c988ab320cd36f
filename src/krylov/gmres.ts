import { ArgumentError } from '../errors.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { resolve } from './driver.js';
import type { GmresOptions, KrylovResult } from './types.js';
import { axpy, dot, norm2, residualInto } from './vector.js';

/**
 * Solves A x = b for a general square A by restarted GMRES(m) of Saad and Schultz (1986):
 * Arnoldi with modified Gram–Schmidt (and a second pass when cancellation is heavy, as DGKS),
 * the Hessenberg least-squares problem reduced by Givens rotations as it grows (Saad, "Iterative
 * Methods for Sparse Linear Systems", Alg. 6.9), right preconditioning so that the monitored
 * residual is the true one. One product with A per iteration; memory (m + 1)·n + O(m²).
 * Each cycle starts from the true residual; a cycle that does not reduce it stops the solve with
 * `breakdown: 'stagnation'`.
 *
 * @param out - where to iterate and return x (a Float64Array of length n, not sharing memory with
 * b; it may be `options.x0` itself); a new array when omitted. `result.x` is then `out`.
 * @throws {ShapeError} when A is not n × n with n = b.length (or x0 or the preconditioner has another size, or out another length than n).
 * @throws {ArgumentError} when `tol` or `atol` is negative or not finite, `maxIter` not a non-negative integer, or `restart` not a positive integer; when out is not a Float64Array or shares memory with b.
 */
export function gmres(
  A: LinearOperator,
  b: Float64Array,
  options: GmresOptions = {},
  out?: Float64Array,
): KrylovResult {
  if (options.restart !== undefined && (!Number.isInteger(options.restart) || options.restart < 1)) {
    throw new ArgumentError(`gmres: restart must be a positive integer, got ${options.restart}`);
  }
  const s = resolve('gmres', A, b, options, out);
  const { n, x, threshold, maxIter, precondition } = s;
  const m = Math.max(1, Math.min(options.restart ?? 30, n));
  const V = new Float64Array((m + 1) * n);
  const basis: Float64Array[] = [];
  for (let j = 0; j <= m; j++) basis.push(V.subarray(j * n, (j + 1) * n));
  // Column j of the Hessenberg matrix is H[j·(m+1) + i], i ≤ j + 1.
  const H = new Float64Array((m + 1) * m);
  const cs = new Float64Array(m);
  const sn = new Float64Array(m);
  const g = new Float64Array(m + 1);
  const coef = new Float64Array(m);
  const r = new Float64Array(n);
  let iterations = 0;
  let previous = Number.POSITIVE_INFINITY;
  for (;;) {
    residualInto(r, b, A.matvec(x));
    const beta = norm2(r);
    if (beta <= threshold) return { x, iterations, converged: true, residualNorm: beta };
    if (iterations >= maxIter) return { x, iterations, converged: false, residualNorm: beta };
    if (beta >= previous) return { x, iterations, converged: false, residualNorm: beta, breakdown: 'stagnation' };
    previous = beta;
    const v0 = basis[0];
    for (let i = 0; i < n; i++) v0[i] = r[i] / beta;
    g.fill(0);
    g[0] = beta;
    let k = 0;
    for (let j = 0; j < m && iterations < maxIter; j++) {
      const w = basis[j + 1];
      w.set(A.matvec(precondition ? precondition(basis[j]) : basis[j]));
      const col = j * (m + 1);
      const before = norm2(w);
      for (let i = 0; i <= j; i++) {
        const h = dot(w, basis[i]);
        H[col + i] = h;
        axpy(-h, basis[i], w);
      }
      let hnext = norm2(w);
      if (hnext < 0.7 * before) {
        for (let i = 0; i <= j; i++) {
          const h = dot(w, basis[i]);
          H[col + i] += h;
          axpy(-h, basis[i], w);
        }
        hnext = norm2(w);
      }
      if (hnext > 0) {
        const inv = 1 / hnext;
        for (let i = 0; i < n; i++) w[i] *= inv;
      }
      // Previous rotations on the new column, then the rotation that zeroes its subdiagonal.
      for (let i = 0; i < j; i++) {
        const a = H[col + i];
        const c = H[col + i + 1];
        H[col + i] = cs[i] * a + sn[i] * c;
        H[col + i + 1] = -sn[i] * a + cs[i] * c;
      }
      const a = H[col + j];
      const d = Math.hypot(a, hnext);
      iterations++;
      if (d === 0) break; // A maps the new direction to zero: the solution lies in the current subspace
      cs[j] = a / d;
      sn[j] = hnext / d;
      H[col + j] = d;
      g[j + 1] = -sn[j] * g[j];
      g[j] = cs[j] * g[j];
      k = j + 1;
      if (Math.abs(g[j + 1]) <= threshold || hnext === 0) break;
    }
    // Back substitution for the k × k triangle, then x += P (V coef).
    for (let i = k - 1; i >= 0; i--) {
      let t = g[i];
      for (let l = i + 1; l < k; l++) t -= H[l * (m + 1) + i] * coef[l];
      coef[i] = t / H[i * (m + 1) + i];
    }
    const u = new Float64Array(n);
    for (let l = 0; l < k; l++) axpy(coef[l], basis[l], u);
    axpy(1, precondition ? precondition(u) : u, x);
  }
}
