import type { VectorLike } from '../linalg/matrix.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { resolve, runWithRestarts } from './driver.js';
import type { KrylovOptions, KrylovResult } from './types.js';
import { dot, norm2 } from './vector.js';

/**
 * Solves A x = b for a symmetric positive definite A by the (preconditioned) conjugate gradient
 * method of Hestenes and Stiefel (1952), as in Saad, "Iterative Methods for Sparse Linear Systems",
 * Alg. 9.1. One product with A and one with the preconditioner per iteration; memory 4n (5n with
 * a preconditioner). A direction with pᵀAp ≤ 0 proves A is not positive definite: the solve stops
 * with `breakdown: 'not-positive-definite'`.
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
export function cg(A: LinearOperator, b: VectorLike, options?: KrylovOptions, out?: Float64Array): KrylovResult {
  const s = resolve('cg', A, b, options, out);
  const op = s.A;
  const { precondition } = s;
  return runWithRestarts(s, (x, r, budget, threshold) => {
    const n = r.length;
    // Without a preconditioner z = r, and rᵀz = ‖r‖² doubles as the convergence test.
    let z = precondition ? precondition(r) : r;
    const p = Float64Array.from(z);
    let rz = dot(r, z);
    if (!(rz > 0)) return { iterations: 0, breakdown: 'not-positive-definite' };
    const threshold2 = threshold * threshold;
    let k = 0;
    while (k < budget) {
      const q = op.matvec(p);
      const pq = dot(p, q);
      if (!(pq > 0)) return { iterations: k, breakdown: 'not-positive-definite' };
      const alpha = rz / pq;
      let rr = 0;
      for (let i = 0; i < n; i++) {
        x[i] += alpha * p[i];
        const ri = r[i] - alpha * q[i];
        r[i] = ri;
        rr += ri * ri;
      }
      k++;
      if (rr <= threshold2 || (!(rr < 1e300 && rr > 1e-300) && norm2(r) <= threshold)) break;
      let rzNext: number;
      if (precondition) {
        z = precondition(r);
        rzNext = dot(r, z);
      } else rzNext = rr;
      if (!(rzNext > 0)) return { iterations: k, breakdown: 'not-positive-definite' };
      const beta = rzNext / rz;
      rz = rzNext;
      for (let i = 0; i < n; i++) p[i] = z[i] + beta * p[i];
    }
    return { iterations: k };
  });
}
