import { describe } from '../check/entries.js';
import { ArgumentError, NonFiniteError, NotPositiveDefiniteError, NotSymmetricError, ShapeError } from '../errors.js';
import { cholesky } from '../linalg/cholesky.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, asSquare, assertFinite, asVector } from '../linalg/validate.js';

/**
 * A convex quadratic program min ½xᵀQx + cᵀx subject to Ax = b, Gx ≤ h, lower ≤ x ≤ upper, with
 * Q symmetric positive semidefinite. Matrices are `Matrix` objects or arrays of rows; each optional
 * pair (A with b, G with h) is given together or not at all; a bound may be ±Infinity (absent).
 */
export interface QPProblem {
  /** n × n, symmetric positive semidefinite. */
  Q: MatrixLike;
  /** Linear cost, length n. */
  c: VectorLike;
  /** Equality constraints Ax = b: A is p × n. */
  A?: MatrixLike;
  /** Right-hand side of the equalities, length p. */
  b?: VectorLike;
  /** Inequality constraints Gx ≤ h: G is m × n. */
  G?: MatrixLike;
  /** Right-hand side of the inequalities, length m. */
  h?: VectorLike;
  /** Lower bounds, length n; −Infinity where there is none. */
  lower?: VectorLike;
  /** Upper bounds, length n; +Infinity where there is none. */
  upper?: VectorLike;
}

/**
 * The problem in the one form the solver and the derivatives work on: the bounds are appended to
 * G as rows eᵢᵀx ≤ upperᵢ and −eᵢᵀx ≤ −lowerᵢ (finite bounds only), all arrays row-major and
 * owned by this object.
 */
export interface DenseQP {
  readonly n: number;
  /** Equality rows. */
  readonly p: number;
  /** Inequality rows, bound rows included: mG + upperIndex.length + lowerIndex.length. */
  readonly m: number;
  /** Rows of the user's G. */
  readonly mG: number;
  /** Q symmetrized as (Q + Qᵀ)/2, n × n. */
  readonly Q: Float64Array;
  readonly c: Float64Array;
  readonly A: Float64Array;
  readonly b: Float64Array;
  /** [G; rows eᵢᵀ for upperIndex; rows −eᵢᵀ for lowerIndex], m × n. */
  readonly G: Float64Array;
  readonly h: Float64Array;
  /** Variables with a finite upper bound, in the order of their rows after the user's G. */
  readonly upperIndex: Int32Array;
  /** Variables with a finite lower bound, in the order of their rows after the upper ones. */
  readonly lowerIndex: Int32Array;
}

/** An inequality of a QP: a row of G, or the upper or lower bound of a variable. */
export type QPConstraint = { row: number } | { upper: number } | { lower: number };

/** The constraint that row `row` of the stacked inequalities of `qp` stands for. */
export function constraintOf(qp: DenseQP, row: number): QPConstraint {
  const { mG, upperIndex, lowerIndex } = qp;
  if (row < mG) return { row };
  if (row < mG + upperIndex.length) return { upper: upperIndex[row - mG] };
  return { lower: lowerIndex[row - mG - upperIndex.length] };
}

/**
 * Validates a problem and builds its {@link DenseQP}.
 * @throws {ArgumentError} when the problem is not an object, a datum of the wrong type, only one of a pair (A, b) or (G, h)
 * is given, or a bound is NaN-free but inconsistent (lower > upper, lower = +∞, upper = −∞).
 * @throws {ShapeError} on a dimension that does not match n or a ragged array.
 * @throws {NonFiniteError} on NaN or ±Infinity in Q, c, A, b, G, h, or NaN in a bound.
 * @throws {NotSymmetricError} when Q is not symmetric to rounding.
 * @throws {NotPositiveDefiniteError} when Q has an eigenvalue clearly below zero.
 */
export function denseQP(problem: QPProblem): DenseQP {
  if (problem === null || typeof problem !== 'object') {
    throw new ArgumentError(
      `the problem must be an object { Q, c, A?, b?, G?, h?, lower?, upper? }, got ${describe(problem)}`,
    );
  }
  if (problem.Q === undefined) throw new ArgumentError('the problem has no Q');
  const Qm = asSquare(problem.Q, 'Q');
  const n = Qm.rows;
  if (n === 0) throw new ShapeError('Q is 0 × 0: the problem must have at least one variable');
  assertFinite(Qm.data, 'Q', n);
  const Q = symmetrized(Qm);
  if (problem.c === undefined) throw new ArgumentError('the problem has no c');
  const c = finiteVector(problem.c, 'c', n);
  const [A, b] = constraintPair(problem.A, problem.b, 'A', 'b', n);
  const [G0, h0] = constraintPair(problem.G, problem.h, 'G', 'h', n);
  const lower = bound(problem.lower, 'lower', n, -Infinity);
  const upper = bound(problem.upper, 'upper', n, Infinity);
  const upperIndex: number[] = [];
  const lowerIndex: number[] = [];
  for (let i = 0; i < n; i++) {
    if (lower[i] > upper[i]) {
      throw new ArgumentError(`lower[${i}] = ${lower[i]} exceeds upper[${i}] = ${upper[i]}`);
    }
    if (upper[i] < Infinity) upperIndex.push(i);
    if (lower[i] > -Infinity) lowerIndex.push(i);
  }
  const mG = G0.rows;
  const m = mG + upperIndex.length + lowerIndex.length;
  const G = new Float64Array(m * n);
  const h = new Float64Array(m);
  G.set(G0.data);
  h.set(h0);
  upperIndex.forEach((j, k) => {
    G[(mG + k) * n + j] = 1;
    h[mG + k] = upper[j];
  });
  lowerIndex.forEach((j, k) => {
    const row = mG + upperIndex.length + k;
    G[row * n + j] = -1;
    h[row] = -lower[j];
  });
  checkSemidefinite(Q, n);
  return {
    n,
    p: A.rows,
    m,
    mG,
    Q,
    c,
    A: Float64Array.from(A.data),
    b,
    G,
    h,
    upperIndex: Int32Array.from(upperIndex),
    lowerIndex: Int32Array.from(lowerIndex),
  };
}

/**
 * (Q + Qᵀ)/2, after checking that Q is symmetric to rounding: |qᵢⱼ − qⱼᵢ| ≤ 64·n·ε·max|q|, the
 * size of the asymmetry a product such as MᵀM computed in floating point can carry.
 */
function symmetrized(Q: Matrix): Float64Array {
  const n = Q.rows;
  const q = Q.data;
  let max = 0;
  for (let i = 0; i < q.length; i++) max = Math.max(max, Math.abs(q[i]));
  const tolerance = 64 * n * Number.EPSILON * max;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    out[i * n + i] = q[i * n + i];
    for (let j = 0; j < i; j++) {
      const a = q[i * n + j];
      const b = q[j * n + i];
      if (Math.abs(a - b) > tolerance) {
        throw new NotSymmetricError(
          `Q is not symmetric: Q[${i}][${j}] = ${a} but Q[${j}][${i}] = ${b}; Q must be symmetric`,
          i,
          j,
        );
      }
      const s = 0.5 * (a + b);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/**
 * Q is positive semidefinite where this can be told in floating point: the Cholesky factorization
 * of Q + δI with δ = 1e-10·(1 + max|qᵢⱼ|) succeeds exactly when the smallest eigenvalue exceeds −δ
 * (up to rounding), so only an eigenvalue clearly below zero is refused.
 */
function checkSemidefinite(Q: Float64Array, n: number): void {
  let max = 0;
  for (let i = 0; i < Q.length; i++) max = Math.max(max, Math.abs(Q[i]));
  const shift = 1e-10 * (1 + max);
  const shifted = new Matrix(n, n, Float64Array.from(Q));
  for (let i = 0; i < n; i++) shifted.data[i * n + i] += shift;
  try {
    cholesky(shifted).dispose();
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    throw new NotPositiveDefiniteError(
      `Q is not positive semidefinite: Q + ${shift.toExponential(2)}·I has no Cholesky factorization ` +
        `(its leading minor of order ${error.pivot + 1} is not positive definite); the problem is not convex`,
      error.pivot,
      { cause: error },
    );
  }
}

function finiteVector(v: VectorLike, name: string, length: number): Float64Array {
  const out = Float64Array.from(asVector(v, name, length));
  assertFinite(out, name);
  return out;
}

/** A constraint matrix with n columns and its right-hand side, both given or both absent. */
function constraintPair(
  M: MatrixLike | undefined,
  v: VectorLike | undefined,
  mName: string,
  vName: string,
  n: number,
): [Matrix, Float64Array] {
  if (M === undefined && v === undefined) return [new Matrix(0, n), new Float64Array(0)];
  if (M === undefined || v === undefined) {
    const [given, missing] = M === undefined ? [vName, mName] : [mName, vName];
    throw new ArgumentError(`${given} is given without ${missing}: give both or neither`);
  }
  const m = asMatrix(M, mName);
  // An array of zero rows has no column count: it is the empty m = 0 constraint.
  const rows = m.rows === 0 ? new Matrix(0, n) : m;
  if (rows.cols !== n) throw new ShapeError(`${mName} has ${rows.cols} columns, expected n = ${n} (the order of Q)`);
  assertFinite(rows.data, mName, n);
  return [rows, finiteVector(v, vName, rows.rows)];
}

/** A bound vector: NaN is refused, ±Infinity means no bound, the wrong infinity is an error. */
function bound(v: VectorLike | undefined, name: string, n: number, absent: number): Float64Array {
  if (v === undefined) return new Float64Array(n).fill(absent);
  const out = Float64Array.from(asVector(v, name, n));
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(out[i])) throw new NonFiniteError(`${name}[${i}] is NaN; a bound must be a number or ${absent}`);
    if (out[i] === -absent) {
      throw new ArgumentError(`${name}[${i}] is ${out[i]}: no x satisfies it (use ${absent} for no bound)`);
    }
  }
  return out;
}
