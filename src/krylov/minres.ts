import type { VectorLike } from '../linalg/matrix.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { resolve, runWithRestarts } from './driver.js';
import type { KrylovOptions, KrylovResult } from './types.js';
import { dot, norm2 } from './vector.js';

/**
 * Solves A x = b for a symmetric (possibly indefinite) A by MINRES of Paige and Saunders (1975):
 * the Lanczos process with a QR factorization of its tridiagonal matrix by Givens rotations, which
 * minimizes ‖b − A x‖ over the Krylov subspace (in the P⁻¹-norm with a symmetric positive definite
 * preconditioner P). The recurrences follow the presentation of Choi, Paige and Saunders,
 * "MINRES-QLP" (SIAM J. Sci. Comput., 2011), §2. One product with A per iteration; memory 7n.
 *
 * @param A - a square operator; every product it (or the preconditioner) returns is checked.
 * @param b - n entries (a Float64Array, a Float32Array or an array of numbers).
 * @param out - where to iterate and return x (a Float64Array of length n, not sharing memory with
 * b; it may be `options.x0` itself); a new array when omitted. `result.x` is then `out`.
 * @throws {ArgumentError} when A is not an operator, b or x0 not a vector of numbers, an option
 * unknown or out of range (a negative tolerance), `matvec` or the preconditioner returns
 * something that is not a vector of numbers (the message names which), or out is not a
 * Float64Array or shares memory with b.
 * @throws {ShapeError} when A is not n × n with n = b.length, x0 or out is not of length n, or
 * `matvec` or the preconditioner returns a vector of another length.
 * @throws {NonFiniteError} when b or x0 holds NaN or ±Infinity, or `matvec` or the preconditioner
 * returns one.
 */
export function minres(A: LinearOperator, b: VectorLike, options?: KrylovOptions, out?: Float64Array): KrylovResult {
  const s = resolve('minres', A, b, options, out);
  const op = s.A;
  const { precondition } = s;
  const n = s.n;
  return runWithRestarts(s, (x, r, budget, threshold) => {
    let r1 = Float64Array.from(r);
    let r2 = Float64Array.from(r);
    let y = precondition ? Float64Array.from(precondition(r)) : Float64Array.from(r);
    const beta1sq = dot(r1, y);
    if (beta1sq < 0) return { iterations: 0, breakdown: 'not-positive-definite' };
    if (beta1sq === 0) return { iterations: 0 };
    const beta1 = Math.sqrt(beta1sq);
    // The recurrence residual phibar is measured in the P-norm; stop at the same relative decrease.
    const target = (threshold / norm2(r)) * beta1;
    const v = new Float64Array(n);
    let w = new Float64Array(n);
    let w1 = new Float64Array(n);
    let w2 = new Float64Array(n);
    let oldb = 0;
    let beta = beta1;
    let dbar = 0;
    let epsln = 0;
    let phibar = beta1;
    let cs = -1;
    let sn = 0;
    let k = 0;
    while (k < budget) {
      // Lanczos step: v = y / β, then y = A v − (β/β_old) r1 − (α/β) r2.
      const inv = 1 / beta;
      for (let i = 0; i < n; i++) v[i] = y[i] * inv;
      y.set(op.matvec(v));
      if (k > 0) {
        const c = beta / oldb;
        for (let i = 0; i < n; i++) y[i] -= c * r1[i];
      }
      const alfa = dot(v, y);
      const c2 = alfa / beta;
      for (let i = 0; i < n; i++) y[i] -= c2 * r2[i];
      const spare = r1;
      r1 = r2;
      r2 = y;
      y = spare;
      if (precondition) y.set(precondition(r2));
      else y.set(r2);
      oldb = beta;
      const betaSq = dot(r2, y);
      if (betaSq < 0) return { iterations: k, breakdown: 'not-positive-definite' };
      beta = Math.sqrt(betaSq);
      // Apply the previous rotation to the new column of the tridiagonal matrix, then make the next one.
      const oldeps = epsln;
      const delta = cs * dbar + sn * alfa;
      const gbar = sn * dbar - cs * alfa;
      epsln = sn * beta;
      dbar = -cs * beta;
      let gamma = Math.hypot(gbar, beta);
      if (gamma === 0) gamma = Number.EPSILON;
      cs = gbar / gamma;
      sn = beta / gamma;
      const phi = cs * phibar;
      phibar = sn * phibar;
      // Search direction w = (v − ε w₁ − δ w₂) / γ, then x += φ w.
      const spareW = w1;
      w1 = w2;
      w2 = w;
      w = spareW;
      const denom = 1 / gamma;
      for (let i = 0; i < n; i++) {
        w[i] = (v[i] - oldeps * w1[i] - delta * w2[i]) * denom;
        x[i] += phi * w[i];
      }
      k++;
      if (Math.abs(phibar) <= target || beta === 0) break;
    }
    return { iterations: k };
  });
}
