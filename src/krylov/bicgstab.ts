import type { VectorLike } from '../linalg/matrix.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { resolve, runWithRestarts } from './driver.js';
import type { KrylovOptions, KrylovResult } from './types.js';
import { axpy, dot, norm2 } from './vector.js';

/**
 * Solves A x = b for a general square A by BiCGStab of van der Vorst (1992), right-preconditioned
 * (A P u = b, x = P u) so that the monitored residual is the true one; Saad, "Iterative Methods
 * for Sparse Linear Systems", Alg. 7.7. Two products with A per iteration; memory 7n. A zero
 * denominator stops it with `breakdown: 'breakdown'`.
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
export function bicgstab(A: LinearOperator, b: VectorLike, options?: KrylovOptions, out?: Float64Array): KrylovResult {
  const s = resolve('bicgstab', A, b, options, out);
  const op = s.A;
  const { precondition } = s;
  const n = s.n;
  return runWithRestarts(s, (x, r, budget, threshold) => {
    const rhat = Float64Array.from(r);
    const p = new Float64Array(n);
    const v = new Float64Array(n);
    let rho = 1;
    let alpha = 1;
    let omega = 1;
    let k = 0;
    while (k < budget) {
      const rhoNext = dot(rhat, r);
      if (rhoNext === 0 || !Number.isFinite(rhoNext)) return { iterations: k, breakdown: 'breakdown' };
      if (k === 0) p.set(r);
      else {
        const beta = (rhoNext / rho) * (alpha / omega);
        for (let i = 0; i < n; i++) p[i] = r[i] + beta * (p[i] - omega * v[i]);
      }
      rho = rhoNext;
      const phat = precondition ? precondition(p) : p;
      v.set(op.matvec(phat));
      const rv = dot(rhat, v);
      if (rv === 0) return { iterations: k, breakdown: 'breakdown' };
      alpha = rho / rv;
      axpy(-alpha, v, r); // r is now s = r − α v
      k++;
      if (norm2(r) <= threshold) {
        axpy(alpha, phat, x);
        break;
      }
      const shat = precondition ? precondition(r) : r;
      const t = op.matvec(shat);
      const tt = dot(t, t);
      if (tt === 0) {
        axpy(alpha, phat, x);
        return { iterations: k, breakdown: 'breakdown' };
      }
      omega = dot(t, r) / tt;
      axpy(alpha, phat, x);
      axpy(omega, shat, x);
      axpy(-omega, t, r);
      if (norm2(r) <= threshold) break;
      if (omega === 0) return { iterations: k, breakdown: 'breakdown' };
    }
    return { iterations: k };
  });
}
