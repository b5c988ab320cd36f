import { checkOptions, numberOption } from '../check/options.js';
import { ArgumentError, ShapeError } from '../errors.js';
import { checkOut, finiteVector, overlaps } from '../linalg/validate.js';
import { checkedOperator, type LinearOperator, preconditionerFunction } from '../operators/linear-operator.js';
import type { KrylovOptions, KrylovResult } from './types.js';
import { norm2, residualInto } from './vector.js';

/** The options every Krylov solver takes. */
const KRYLOV_KEYS = ['tol', 'atol', 'maxIter', 'preconditioner', 'x0'] as const;

/** Options resolved to numbers and functions, shared by every solver. */
export interface Resolved {
  /** The operator, every product checked (length, type, finiteness) by the one shared check. */
  A: LinearOperator;
  /** The right-hand side, checked. */
  b: Float64Array;
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
 * Validates the system, options and `out` of `solver` (`extraKeys` are the options only it takes)
 * and resolves the defaults: A wrapped so that every product is checked, b and x0 finite vectors of
 * length n, the tolerances numbers ≥ 0, unknown option keys refused. The iterate is `out` when
 * given (it must not share memory with b, which every restart reads again).
 * @throws {ArgumentError} on an argument or option of the wrong type or value, or an `out` that is
 * not a Float64Array or shares memory with b.
 * @throws {ShapeError} on sizes that do not match.
 * @throws {NonFiniteError} on NaN or ±Infinity in b or x0.
 */
export function resolve(
  solver: string,
  A: LinearOperator,
  b: ArrayLike<number>,
  options: KrylovOptions | undefined,
  out?: Float64Array,
  extraKeys: readonly string[] = [],
): Resolved {
  const o = checkOptions(options, `${solver}: options`, KRYLOV_KEYS, { moreKeys: extraKeys });
  const op = checkedOperator(A, `${solver}: A`);
  const n = op.rows;
  if (op.cols !== n) throw new ShapeError(`${solver}: A must be square, got ${op.rows} × ${op.cols}`);
  const bb = finiteVector(b, `${solver}: b`);
  if (bb.length !== n) throw new ShapeError(`${solver}: b has length ${bb.length}, expected ${n} (A is ${n} × ${n})`);
  if (out !== undefined) {
    checkOut(out, n, undefined, `${solver}: out`);
    if (overlaps(out, bb)) throw new ArgumentError(`${solver}: out shares memory with b; pass a separate array`);
  }
  const tol = numberOption(o.tol, `${solver}: tol`, 1e-10, { min: 0, max: Number.MAX_VALUE });
  const atol = numberOption(o.atol, `${solver}: atol`, 0, { min: 0, max: Number.MAX_VALUE });
  const maxIter = numberOption(o.maxIter, `${solver}: maxIter`, Math.max(50, 10 * n), { min: 0, integer: true });
  const x0 = o.x0 === undefined ? undefined : finiteVector(o.x0, `${solver}: x0`, n);
  let x: Float64Array;
  if (out === undefined) x = x0 === undefined ? new Float64Array(n) : x0.slice();
  else if (x0 === undefined) x = out.fill(0);
  else {
    out.set(x0); // x0 may be out itself, or overlap it: set copies as if through a temporary
    x = out;
  }
  return {
    A: op,
    b: bb,
    n,
    threshold: Math.max(tol * norm2(bb), atol),
    maxIter,
    precondition: preconditionerFunction(o.preconditioner, n),
    x,
  };
}

/**
 * Runs `inner` until the TRUE residual ‖b − A x‖₂ (recomputed after each run, one extra product)
 * meets the threshold. A recurrence residual drifts from the true one in floating point; a run
 * whose recurrence converged but whose true residual did not is restarted from the current x, as
 * long as each restart at least halves the true residual ("residual replacement" in its simplest
 * form). The returned `residualNorm` is always the true one.
 */
export function runWithRestarts(s: Resolved, inner: InnerSolver): KrylovResult {
  const { A, b, x, threshold, maxIter } = s;
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
