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
 * @param out - where to iterate and return x (a Float64Array of length n, not sharing memory with
 * b; it may be `options.x0` itself); a new array when omitted. `result.x` is then `out`.
 * @throws {ShapeError} when A is not n × n with n = b.length (or x0 or the preconditioner has another size, or out another length than n).
 * @throws {ArgumentError} when `tol` or `atol` is negative or not finite, `maxIter` not a non-negative integer; when out is not a Float64Array or shares memory with b.
 */
export function cg(A: LinearOperator, b: Float64Array, options: KrylovOptions = {}, out?: Float64Array): KrylovResult {
  const s = resolve('cg', A, b, options, out);
  const { precondition } = s;
  return runWithRestarts(A, b, s, (x, r, budget, threshold) => {
    const n = r.length;
    // Without a preconditioner z = r, and rᵀz = ‖r‖² doubles as the convergence test.
    let z = precondition ? precondition(r) : r;
    const p = Float64Array.from(z);
    let rz = dot(r, z);
    if (!(rz > 0)) return { iterations: 0, breakdown: 'not-positive-definite' };
    const threshold2 = threshold * threshold;
    let k = 0;
    while (k < budget) {
      const q = A.matvec(p);
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
