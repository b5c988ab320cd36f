import { ArgumentError, ShapeError } from '../errors.js';
import { checkOut, overlaps } from '../linalg/validate.js';
import { type LinearOperator, preconditionerFunction, validateOperator } from '../operators/linear-operator.js';
import type { KrylovOptions, KrylovResult } from './types.js';
import { norm2, residualInto } from './vector.js';

/** Options resolved to numbers and functions, shared by every solver. */
export interface Resolved {
  n: number;
  threshold: number;
  maxIter: number;
  precondition: ((r: Float64Array) => Float64Array) | undefined;
  x: Float64Array;
}

/**
 * One run of a solver from the current iterate: it updates `x` in place, starting from the
 * residual `r` = b − A x, for at most `budget` iterations, and stops when its recurrence says the
 * residual norm is at most `threshold`.
 */
export type InnerSolver = (
  x: Float64Array,
  r: Float64Array,
  budget: number,
  threshold: number,
) => { iterations: number; breakdown?: KrylovResult['breakdown'] };

/**
 * Validates the system, options and `out` of `solver` and resolves the defaults; the iterate is
 * `out` when given (it must not share memory with b, which every restart reads again).
 */
export function resolve(
  solver: string,
  A: LinearOperator,
  b: Float64Array,
  options: KrylovOptions,
  out?: Float64Array,
): Resolved {
  if (ArrayBuffer.isView(options)) {
    throw new ArgumentError(
      `${solver}: options must be an object, got a ${options.constructor.name} (out goes after the options)`,
    );
  }
  validateOperator(A, `${solver}: A`, true);
  const n = A.rows;
  if (b.length !== n) throw new ShapeError(`${solver}: b has length ${b.length}, expected ${n} (A is ${n} × ${n})`);
  if (out !== undefined) {
    checkOut(out, n, undefined, `${solver}: out`);
    if (overlaps(out, b)) throw new ArgumentError(`${solver}: out shares memory with b; pass a separate array`);
  }
  const tol = options.tol ?? 1e-10;
  const atol = options.atol ?? 0;
  if (!(tol >= 0) || !Number.isFinite(tol))
    throw new ArgumentError(`${solver}: tol must be finite and ≥ 0, got ${tol}`);
  if (!(atol >= 0) || !Number.isFinite(atol)) {
    throw new ArgumentError(`${solver}: atol must be finite and ≥ 0, got ${atol}`);
  }
  const maxIter = options.maxIter ?? Math.max(50, 10 * n);
  if (!Number.isInteger(maxIter) || maxIter < 0) {
    throw new ArgumentError(`${solver}: maxIter must be a non-negative integer, got ${maxIter}`);
  }
  const x0 = options.x0;
  if (x0 !== undefined && x0.length !== n) throw new ShapeError(`${solver}: x0 has length ${x0.length}, expected ${n}`);
  const precondition = preconditionerFunction(options.preconditioner, n);
  let x: Float64Array;
  if (out === undefined) x = x0 === undefined ? new Float64Array(n) : Float64Array.from(x0);
  else if (x0 === undefined) x = out.fill(0);
  else {
    out.set(x0); // x0 may be out itself, or overlap it: set copies as if through a temporary
    x = out;
  }
  return { n, threshold: Math.max(tol * norm2(b), atol), maxIter, precondition, x };
}

/**
 * Runs `inner` until the TRUE residual ‖b − A x‖₂ (recomputed after each run, one extra product)
 * meets the threshold. A recurrence residual drifts from the true one in floating point; a run
 * whose recurrence converged but whose true residual did not is restarted from the current x, as
 * long as each restart at least halves the true residual ("residual replacement" in its simplest
 * form). The returned `residualNorm` is always the true one.
 */
export function runWithRestarts(A: LinearOperator, b: Float64Array, s: Resolved, inner: InnerSolver): KrylovResult {
  const { x, threshold, maxIter } = s;
  const r = new Float64Array(s.n);
  residualInto(r, b, A.matvec(x));
  let rnorm = norm2(r);
  let iterations = 0;
  for (let pass = 0; ; pass++) {
    if (rnorm <= threshold) return { x, iterations, converged: true, residualNorm: rnorm };
    if (iterations >= maxIter) return { x, iterations, converged: false, residualNorm: rnorm };
    const run = inner(x, r, maxIter - iterations, threshold);
    iterations += run.iterations;
    residualInto(r, b, A.matvec(x));
    const next = norm2(r);
    if (run.breakdown !== undefined) {
      return { x, iterations, converged: next <= threshold, residualNorm: next, breakdown: run.breakdown };
    }
    if (pass > 0 && next > 0.5 * rnorm && next > threshold) {
      return { x, iterations, converged: false, residualNorm: next, breakdown: 'stagnation' };
    }
    rnorm = next;
  }
}
