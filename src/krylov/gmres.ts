import { numberOption } from '../check/options.js';
import type { VectorLike } from '../linalg/matrix.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { resolve } from './driver.js';
import type { GmresOptions, KrylovResult } from './types.js';
import { axpy, dot, norm2, residualInto } from './vector.js';

/** The option GMRES takes beyond the shared Krylov ones. */
const GMRES_KEYS: readonly string[] = ['restart'];

/**
 * Solves A x = b for a general square A by restarted GMRES(m) of Saad and Schultz (1986):
 * Arnoldi with modified Gram–Schmidt (and a second pass when cancellation is heavy, as DGKS),
 * the Hessenberg least-squares problem reduced by Givens rotations as it grows (Saad, "Iterative
 * Methods for Sparse Linear Systems", Alg. 6.9), right preconditioning so that the monitored
 * residual is the true one. One product with A per iteration; memory (m + 1)·n + O(m²).
 * Each cycle starts from the true residual; a cycle that does not reduce it stops the solve with
 * `breakdown: 'stagnation'`.
 *
 * @param A - a square operator; every product it (or the preconditioner) returns is checked.
 * @param b - n entries (a Float64Array, a Float32Array or an array of numbers).
 * @param out - where to iterate and return x (a Float64Array of length n, not sharing memory with
 * b; it may be `options.x0` itself); a new array when omitted. `result.x` is then `out`.
 * @throws {ArgumentError} when A is not an operator, b or x0 not a vector of numbers, an option
 * unknown or out of range (a negative tolerance, `restart` not a positive integer), `matvec` or the preconditioner returns
 * something that is not a vector of numbers (the message names which), or out is not a
 * Float64Array or shares memory with b.
 * @throws {ShapeError} when A is not n × n with n = b.length, x0 or out is not of length n, or
 * `matvec` or the preconditioner returns a vector of another length.
 * @throws {NonFiniteError} when b or x0 holds NaN or ±Infinity, or `matvec` or the preconditioner
 * returns one.
 */
export function gmres(A: LinearOperator, b: VectorLike, options?: GmresOptions, out?: Float64Array): KrylovResult {
  const s = resolve('gmres', A, b, options, out, GMRES_KEYS);
  const { A: op, b: rhs, n, x, threshold, maxIter, precondition } = s;
  const restart = numberOption(options?.restart, 'gmres: restart', 30, { min: 1, integer: true });
  const m = Math.max(1, Math.min(restart, n));
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
    residualInto(r, rhs, op.matvec(x));
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
      w.set(op.matvec(precondition ? precondition(basis[j]) : basis[j]));
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
