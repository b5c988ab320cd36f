import { describe } from '../check/entries.js';
import { ArgumentError, NonFiniteError, NotPositiveDefiniteError, NotSymmetricError, ShapeError } from '../errors.js';
import { cholesky } from '../linalg/cholesky.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, asSquare, assertFinite, asVector } from '../linalg/validate.js';
import { sparseCholeskyOf } from '../sparse/cholesky.js';
import { forEachMirrored } from '../sparse/mirror.js';
import { addDiagonal, SparseMatrix } from '../sparse/sparse-matrix.js';

/**
 * A convex quadratic program min ½xᵀQx + cᵀx subject to Ax = b, Gx ≤ h, lower ≤ x ≤ upper, with
 * Q symmetric positive semidefinite. Matrices are `Matrix` objects, arrays of rows, or
 * `SparseMatrix` objects (a sparse Q stores both triangles); each optional pair (A with b, G with h)
 * is given together or not at all; a bound may be ±Infinity (absent).
 */
export interface QPProblem {
  /** n × n, symmetric positive semidefinite. */
  Q: MatrixLike | SparseMatrix;
  /** Linear cost, length n. */
  c: VectorLike;
  /** Equality constraints Ax = b: A is p × n. */
  A?: MatrixLike | SparseMatrix;
  /** Right-hand side of the equalities, length p. */
  b?: VectorLike;
  /** Inequality constraints Gx ≤ h: G is m × n. */
  G?: MatrixLike | SparseMatrix;
  /** Right-hand side of the inequalities, length m. */
  h?: VectorLike;
  /** Lower bounds, length n; −Infinity where there is none. */
  lower?: VectorLike;
  /** Upper bounds, length n; +Infinity where there is none. */
  upper?: VectorLike;
}

/**
 * What the dense and the sparse forms of a problem share: the bounds are appended to G as rows
 * eᵢᵀx ≤ upperᵢ and −eᵢᵀx ≤ −lowerᵢ (finite bounds only), every array owned by this object.
 */
interface StackedQP {
  readonly n: number;
  /** Equality rows. */
  readonly p: number;
  /** Inequality rows, bound rows included: mG + upperIndex.length + lowerIndex.length. */
  readonly m: number;
  /** Rows of the user's G. */
  readonly mG: number;
  readonly c: Float64Array;
  readonly b: Float64Array;
  readonly h: Float64Array;
  /** Variables with a finite upper bound, in the order of their rows after the user's G. */
  readonly upperIndex: Int32Array;
  /** Variables with a finite lower bound, in the order of their rows after the upper ones. */
  readonly lowerIndex: Int32Array;
}

/** A problem whose Q, A and G were all dense: row-major arrays. */
export interface DenseQP extends StackedQP {
  readonly kind: 'dense';
  /** Q symmetrized as (Q + Qᵀ)/2, n × n. */
  readonly Q: Float64Array;
  readonly A: Float64Array;
  /** [G; rows eᵢᵀ for upperIndex; rows −eᵢᵀ for lowerIndex], m × n. */
  readonly G: Float64Array;
}

/**
 * A problem with at least one `SparseMatrix` among Q, A, G: all three in CSC (a dense operand is
 * converted, its exact zeros dropped, which never stores more than the caller passed).
 */
export interface SparseQP extends StackedQP {
  readonly kind: 'sparse';
  /** (Q + Qᵀ)/2 on the union of the patterns of Q and Qᵀ, both triangles stored. */
  readonly Q: SparseMatrix;
  readonly A: SparseMatrix;
  /** [G; rows eᵢᵀ for upperIndex; rows −eᵢᵀ for lowerIndex], m × n. */
  readonly G: SparseMatrix;
  /** The caller's operands that were sparse, whose gradients are returned on their patterns. */
  readonly inputs: { readonly Q?: SparseMatrix; readonly A?: SparseMatrix; readonly G?: SparseMatrix };
}

/** A validated problem, dense when Q, A and G all are, sparse otherwise. */
export type QPData = DenseQP | SparseQP;

/** An inequality of a QP: a row of G, or the upper or lower bound of a variable. */
export type QPConstraint = { row: number } | { upper: number } | { lower: number };

/** The constraint that row `row` of the stacked inequalities of `qp` stands for. */
export function constraintOf(qp: QPData, row: number): QPConstraint {
  const { mG, upperIndex, lowerIndex } = qp;
  if (row < mG) return { row };
  if (row < mG + upperIndex.length) return { upper: upperIndex[row - mG] };
  return { lower: lowerIndex[row - mG - upperIndex.length] };
}

/**
 * Validates a problem and builds its {@link QPData}: sparse when any of Q, A, G is a
 * `SparseMatrix`, dense otherwise.
 * @throws {ArgumentError} when the problem is not an object, a datum of the wrong type, only one of a pair (A, b) or (G, h)
 * is given, or a bound is NaN-free but inconsistent (lower > upper, lower = +∞, upper = −∞).
 * @throws {ShapeError} on a dimension that does not match n or a ragged array.
 * @throws {NonFiniteError} on NaN or ±Infinity in Q, c, A, b, G, h, or NaN in a bound.
 * @throws {NotSymmetricError} when Q is not symmetric to rounding.
 * @throws {NotPositiveDefiniteError} when Q has an eigenvalue clearly below zero.
 */
export function qpData(problem: QPProblem): QPData {
  if (problem === null || typeof problem !== 'object') {
    throw new ArgumentError(
      `the problem must be an object { Q, c, A?, b?, G?, h?, lower?, upper? }, got ${describe(problem)}`,
    );
  }
  if (problem.Q === undefined) throw new ArgumentError('the problem has no Q');
  const sparse = [problem.Q, problem.A, problem.G].some((M) => M instanceof SparseMatrix);
  return sparse ? sparseQP(problem) : denseQP(problem);
}

function denseQP(problem: QPProblem): DenseQP {
  const Qm = asSquare(problem.Q as MatrixLike, 'Q');
  const n = Qm.rows;
  if (n === 0) throw new ShapeError('Q is 0 × 0: the problem must have at least one variable');
  assertFinite(Qm.data, 'Q', n);
  const Q = symmetrized(Qm);
  const A = denseConstraint(problem.A as MatrixLike | undefined, 'A', n);
  const G0 = denseConstraint(problem.G as MatrixLike | undefined, 'G', n);
  const vectors = vectorsOf(problem, n, A.rows, G0.rows);
  const { mG, m, upperIndex, lowerIndex } = vectors;
  const G = new Float64Array(m * n);
  G.set(G0.data);
  upperIndex.forEach((j, k) => {
    G[(mG + k) * n + j] = 1;
  });
  lowerIndex.forEach((j, k) => {
    G[(mG + upperIndex.length + k) * n + j] = -1;
  });
  checkSemidefinite(Q, n);
  return { kind: 'dense', ...vectors, Q, A: Float64Array.from(A.data), G };
}

function sparseQP(problem: QPProblem): SparseQP {
  const Qs = sparseOperand(problem.Q, 'Q');
  const n = Qs.rows;
  if (Qs.cols !== n) throw new ShapeError(`Q must be square, got ${Qs.rows} × ${Qs.cols}`);
  if (n === 0) throw new ShapeError('Q is 0 × 0: the problem must have at least one variable');
  const Q = symmetrizedSparse(Qs);
  const A = sparseConstraint(problem.A, 'A', n);
  const G0 = sparseConstraint(problem.G, 'G', n);
  const vectors = vectorsOf(problem, n, A.rows, G0.rows);
  const G = withBoundRows(G0, vectors);
  checkSparseSemidefinite(Q);
  const inputs: { Q?: SparseMatrix; A?: SparseMatrix; G?: SparseMatrix } = {};
  if (problem.Q instanceof SparseMatrix) inputs.Q = problem.Q;
  if (problem.A instanceof SparseMatrix) inputs.A = problem.A;
  if (problem.G instanceof SparseMatrix) inputs.G = problem.G;
  return { kind: 'sparse', ...vectors, Q, A, G, inputs };
}

/** c, b, h and the bounds, validated against n, with the stacked bound rows' indices. */
function vectorsOf(problem: QPProblem, n: number, p: number, mG: number): StackedQP {
  if (problem.c === undefined) throw new ArgumentError('the problem has no c');
  const c = finiteVector(problem.c, 'c', n);
  const b = pairVector(problem.A, problem.b, 'A', 'b', p);
  const h0 = pairVector(problem.G, problem.h, 'G', 'h', mG);
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
  const m = mG + upperIndex.length + lowerIndex.length;
  const h = new Float64Array(m);
  h.set(h0);
  upperIndex.forEach((j, k) => {
    h[mG + k] = upper[j];
  });
  lowerIndex.forEach((j, k) => {
    h[mG + upperIndex.length + k] = -lower[j];
  });
  return {
    n,
    p,
    m,
    mG,
    c,
    b,
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

/** The right-hand side of a constraint block of `rows` rows; both given or both absent. */
function pairVector(
  M: MatrixLike | SparseMatrix | undefined,
  v: VectorLike | undefined,
  mName: string,
  vName: string,
  rows: number,
): Float64Array {
  if (M === undefined && v === undefined) return new Float64Array(0);
  if (M === undefined || v === undefined) {
    const [given, missing] = M === undefined ? [vName, mName] : [mName, vName];
    throw new ArgumentError(`${given} is given without ${missing}: give both or neither`);
  }
  return finiteVector(v, vName, rows);
}

/** A dense constraint matrix with n columns (0 × n when absent). */
function denseConstraint(M: MatrixLike | undefined, name: string, n: number): Matrix {
  if (M === undefined) return new Matrix(0, n);
  const m = asMatrix(M, name);
  // An array of zero rows has no column count: it is the empty m = 0 constraint.
  const rows = m.rows === 0 ? new Matrix(0, n) : m;
  if (rows.cols !== n) throw new ShapeError(`${name} has ${rows.cols} columns, expected n = ${n} (the order of Q)`);
  assertFinite(rows.data, name, n);
  return rows;
}

/** A constraint matrix of a sparse problem, in CSC with n columns (0 × n when absent). */
function sparseConstraint(M: MatrixLike | SparseMatrix | undefined, name: string, n: number): SparseMatrix {
  if (M === undefined) return new SparseMatrix(0, n, new Int32Array(n + 1), new Int32Array(0), new Float64Array(0));
  const S = M instanceof SparseMatrix ? M : undefined;
  if (S !== undefined && S.rows === 0) return sparseConstraint(undefined, name, n);
  const out = S ?? SparseMatrix.fromDense(denseConstraint(M as MatrixLike, name, n));
  if (out.cols !== n) throw new ShapeError(`${name} has ${out.cols} columns, expected n = ${n} (the order of Q)`);
  assertFinite(out.values, `${name}'s values`);
  return out;
}

/** A SparseMatrix operand as is (its values checked finite), a dense one validated and converted. */
function sparseOperand(M: MatrixLike | SparseMatrix, name: string): SparseMatrix {
  if (M instanceof SparseMatrix) {
    assertFinite(M.values, `${name}'s values`);
    return M;
  }
  const D = asMatrix(M, name);
  assertFinite(D.data, name, D.cols);
  return SparseMatrix.fromDense(D);
}

/** [G; rows eⱼᵀ for upperIndex; rows −eⱼᵀ for lowerIndex] in CSC: the bound rows follow G's in each column. */
function withBoundRows(G: SparseMatrix, stacked: StackedQP): SparseMatrix {
  const { n, m, mG, upperIndex, lowerIndex } = stacked;
  const upperRow = new Int32Array(n).fill(-1);
  const lowerRow = new Int32Array(n).fill(-1);
  upperIndex.forEach((j, k) => {
    upperRow[j] = mG + k;
  });
  lowerIndex.forEach((j, k) => {
    lowerRow[j] = mG + upperIndex.length + k;
  });
  const nnz = G.nnz + upperIndex.length + lowerIndex.length;
  const colPtr = new Int32Array(n + 1);
  const rowIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let q = 0;
  for (let j = 0; j < n; j++) {
    for (let t = G.colPtr[j]; t < G.colPtr[j + 1]; t++) {
      rowIndex[q] = G.rowIndex[t];
      values[q++] = G.values[t];
    }
    if (upperRow[j] >= 0) {
      rowIndex[q] = upperRow[j];
      values[q++] = 1;
    }
    if (lowerRow[j] >= 0) {
      rowIndex[q] = lowerRow[j];
      values[q++] = -1;
    }
    colPtr[j + 1] = q;
  }
  return new SparseMatrix(m, n, colPtr, rowIndex, values);
}

/**
 * (Q + Qᵀ)/2 on the union of the patterns of Q and Qᵀ, after checking that Q is symmetric to
 * rounding with the dense test's tolerance (a stored entry whose mirror is not stored is compared
 * with 0): a sparse Q stores both triangles, as every symmetric SparseMatrix of the library does.
 */
function symmetrizedSparse(Q: SparseMatrix): SparseMatrix {
  const n = Q.rows;
  let max = 0;
  for (const v of Q.values) max = Math.max(max, Math.abs(v));
  const tolerance = 64 * n * Number.EPSILON * max;
  const colPtr = new Int32Array(n + 1);
  const rowIndex = new Int32Array(2 * Q.nnz);
  const values = new Float64Array(2 * Q.nnz);
  let nz = 0;
  forEachMirrored(
    Q,
    (i, j, a, b) => {
      if (Math.abs(a - b) > tolerance) {
        const [r, c, x, y] = i > j ? [i, j, a, b] : [j, i, b, a];
        throw new NotSymmetricError(
          `Q is not symmetric: Q[${r}][${c}] = ${x} but Q[${c}][${r}] = ${y}; a sparse Q must store both triangles`,
          r,
          c,
        );
      }
      rowIndex[nz] = i;
      values[nz++] = 0.5 * (a + b);
    },
    (j) => {
      colPtr[j + 1] = nz;
    },
  );
  return new SparseMatrix(n, n, colPtr, rowIndex.slice(0, nz), values.slice(0, nz));
}

/**
 * The sparse form of {@link checkSemidefinite}: the sparse Cholesky factorization (AMD ordering)
 * of Q + δI, δ = 1e-10·(1 + max|qᵢⱼ|).
 */
function checkSparseSemidefinite(Q: SparseMatrix): void {
  let max = 0;
  for (const v of Q.values) max = Math.max(max, Math.abs(v));
  const shift = 1e-10 * (1 + max);
  try {
    sparseCholeskyOf(addDiagonal(Q, shift), {}, 'Q').dispose();
  } catch (error) {
    if (!(error instanceof NotPositiveDefiniteError)) throw error;
    throw new NotPositiveDefiniteError(
      `Q is not positive semidefinite: Q + ${shift.toExponential(2)}·I has no Cholesky factorization ` +
        `(its pivot of row ${error.pivot} is not positive); the problem is not convex`,
      error.pivot,
      { cause: error },
    );
  }
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
