import {
  ImplicitDiffError,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  SingularMatrixError,
} from '../errors.js';
import { bicgstab } from '../krylov/bicgstab.js';
import { cg } from '../krylov/cg.js';
import { gmres } from '../krylov/gmres.js';
import { minres } from '../krylov/minres.js';
import type { KrylovResult } from '../krylov/types.js';
import { norm2 } from '../krylov/vector.js';
import { type Cholesky, cholesky } from '../linalg/cholesky.js';
import { type CheckedSolve, choleskySolveChecked } from '../linalg/cholesky-solve.js';
import { type LDLT, ldlt } from '../linalg/ldlt.js';
import { type LU, lu } from '../linalg/lu.js';
import { matmul } from '../linalg/matmul.js';
import { Matrix } from '../linalg/matrix.js';
import { assertFinite } from '../linalg/validate.js';
import { gemvRows, gemvRowsWithNorm, gemvTransposedRows, norm1Rows, normInfRows } from '../operators/dense-products.js';
import {
  denseOperator,
  type LinearOperator,
  type OperatorTag,
  type Preconditioner,
  transposeOperator,
} from '../operators/linear-operator.js';
import { newFloat64Array } from '../wasm/pool.js';
import { ConvergenceError } from './errors.js';
import type { SolveReport, SolverName } from './report.js';
import { checkPolicy, damped, isSingularity, LstsqSolve, type SingularPolicy } from './singular.js';

/**
 * What is known of ∂F/∂y: `'spd'` symmetric positive definite (Cholesky, CG), `'symmetric'`
 * (LDLᵀ with Bunch–Kaufman pivoting, MINRES), `'general'` (LU, GMRES or BiCGStab).
 */
export type Structure = 'spd' | 'symmetric' | 'general';

/** The Krylov methods that can serve a matrix-free solve. */
export type KrylovMethod = 'cg' | 'minres' | 'gmres' | 'bicgstab';

/** How the linear systems with ∂F/∂y are solved. */
export interface LinearSolveOptions {
  /**
   * `'dense'`: factor a dense matrix (an operator is first materialized, n products).
   * `'krylov'`: matrix-free iteration (a dense matrix is wrapped as an operator).
   * `'auto'` (default): dense for a `Matrix`, Krylov for a `LinearOperator`.
   */
  method?: 'dense' | 'krylov' | 'auto';
  /** The Krylov method; default CG for `'spd'`, MINRES for `'symmetric'`, GMRES for `'general'`. */
  krylov?: KrylovMethod;
  /** Krylov relative tolerance on ‖b − A x‖₂/‖b‖₂ (default 1e-10). */
  tol?: number;
  /** Krylov absolute tolerance on ‖b − A x‖₂ (default 0). */
  atol?: number;
  /** Krylov iteration cap per right-hand side (default max(50, 10 n)). */
  maxIter?: number;
  /** GMRES restart length (default 30). */
  restart?: number;
  /** Krylov preconditioner P ≈ (∂F/∂y)⁻¹ (symmetric positive definite for CG and MINRES). */
  preconditioner?: Preconditioner;
  /**
   * When true, a Krylov solve that misses its tolerance returns its iterate with
   * `report.converged: false` instead of throwing {@link ConvergenceError}.
   */
  allowUnconverged?: boolean;
  /**
   * Dense `'spd'` and `'symmetric'`. Cholesky and LDLᵀ read the lower triangle alone, so a matrix that
   * is not symmetric must be caught: by default (undefined) its O(n²) symmetry check (to 1e-10
   * relative) runs only when the factorization fails or the backward error of a solve against the
   * full matrix exceeds 1e-9 — cost-free when all is well, a `NotPositiveDefiniteError` saying
   * "not symmetric" otherwise. `true` checks before factoring; `false` never checks.
   */
  checkSymmetry?: boolean;
  /**
   * Dense vector solves: refine the solution by fixed-precision iterative refinement when its
   * backward error exceeds 1e-14 (default true; the report counts the steps taken).
   */
  refine?: boolean;
  /**
   * Dense solves: what to do when ∂F/∂y is singular — its factorization fails or its reciprocal
   * condition estimate is below n·ε. `'throw'` (default), `'lstsq'` (minimum-norm solution, rank
   * reported) or `{ ridge: λ }` (solve with ∂F/∂y + λI, λ reported). See {@link SingularPolicy}.
   */
  onSingular?: SingularPolicy;
}

/**
 * ∂F/∂y prepared once for every solve of a call: `solve(b, transpose)` returns A⁻¹b or A⁻ᵀb,
 * `solveMany(B, transpose)` does the same for every column of B with one multi-right-hand-side
 * solve; `report()` sums up what the solves did and how accurately.
 */
export interface PreparedSolve {
  readonly n: number;
  readonly solver: SolverName;
  solve(b: Float64Array, transpose: boolean): Float64Array;
  solveMany(B: Matrix, transpose: boolean): Matrix;
  report(): SolveReport;
  dispose(): void;
}

/**
 * Prepares solves with A (= ∂F/∂y, called `name` in errors): a dense factorization (Cholesky for
 * `'spd'`, LDLᵀ for `'symmetric'`, LU for `'general'`) or a Krylov method over an operator, as `options.method` says.
 *
 * @throws NotPositiveDefiniteError when `structure` is `'spd'` and A is not (dense: at factor
 * time, with the failing pivot; CG: at solve time, pivot −1) or is not symmetric.
 * @throws SingularMatrixError when LU meets an exactly zero pivot.
 * @throws NonFiniteError when a dense A holds NaN or ±Infinity.
 */
export function prepareSolve(
  A: Matrix | LinearOperator,
  structure: Structure,
  options: LinearSolveOptions,
  name: string,
): PreparedSolve {
  if (isDense(A, options)) {
    const M = A instanceof Matrix ? A : materialize(A, name);
    return denseWithPolicy(M, structure, options, name);
  }
  const tags: OperatorTag[] =
    structure === 'spd' ? ['positive-definite'] : structure === 'symmetric' ? ['symmetric'] : [];
  if (A instanceof Matrix) assertFinite(A.data, name, A.cols);
  const op = A instanceof Matrix ? denseOperator(A, tags) : A;
  return new KrylovSolve(op, structure, options, name);
}

/** Whether A is solved densely, as `options.method` says. @throws ImplicitDiffError on an unknown method. */
function isDense(A: Matrix | LinearOperator, options: LinearSolveOptions): boolean {
  const method = options.method ?? 'auto';
  if (method !== 'dense' && method !== 'krylov' && method !== 'auto') {
    throw new ImplicitDiffError(`method must be 'dense', 'krylov' or 'auto', got ${String(method)}`);
  }
  return method === 'dense' || (method === 'auto' && A instanceof Matrix);
}

/**
 * x = op(A)⁻¹ b for a single right-hand side, and the report of the solve when `withReport`. A dense
 * SPD A of order up to {@link ONE_SHOT_MAX_ORDER} under the default `onSingular` policy is solved in one call (linalg's
 * `choleskySolveChecked`: no factorization object, the backward error computed in WebAssembly)
 * with the same checks and report as {@link prepareSolve}'s; anything else is prepared, solved and
 * disposed.
 */
export function solveOnce(
  A: Matrix | LinearOperator,
  structure: Structure,
  options: LinearSolveOptions,
  name: string,
  b: Float64Array,
  transpose: boolean,
  withReport: boolean,
): { x: Float64Array; report: SolveReport | undefined } {
  if (
    A instanceof Matrix &&
    A.rows <= ONE_SHOT_MAX_ORDER &&
    structure === 'spd' &&
    isDense(A, options) &&
    checkPolicy(options.onSingular) === 'throw'
  ) {
    return choleskyOnce(A, options, name, b, withReport);
  }
  const solver = prepareSolve(A, structure, options, name);
  try {
    const x = solver.solve(b, transpose);
    return { x, report: withReport ? solver.report() : undefined };
  } finally {
    solver.dispose();
  }
}

/**
 * Largest order solved in one shot by {@link solveOnce}: the one-shot path holds two copies of A in
 * WebAssembly memory and gains only where the per-call overhead matters (measured: the same 25 ms
 * as the prepared solve at n = 1000).
 */
const ONE_SHOT_MAX_ORDER = 256;

/** The one-shot Cholesky solve of {@link solveOnce}, with {@link DenseSolve}'s symmetry checks. */
function choleskyOnce(
  A: Matrix,
  options: LinearSolveOptions,
  name: string,
  b: Float64Array,
  withReport: boolean,
): { x: Float64Array; report: SolveReport | undefined } {
  checkSquare(A, name);
  const checkSymmetry = options.checkSymmetry !== false;
  if (options.checkSymmetry === true) checkSymmetric(A, name);
  let result: CheckedSolve;
  try {
    result = choleskySolveChecked(A, b, withReport);
  } catch (error) {
    throw factorFailure(error, A, name, checkSymmetry);
  }
  const { x, backwardError, rcond } = result;
  if (backwardError > SUSPECT_BACKWARD_ERROR && checkSymmetry) checkSymmetric(A, name);
  return { x, report: withReport ? { solver: 'cholesky', rcond, backwardError, refinementSteps: 0 } : undefined };
}

/** @throws ImplicitDiffError when A is not square. */
function checkSquare(A: { readonly rows: number; readonly cols: number }, name: string): void {
  if (A.rows !== A.cols) throw new ImplicitDiffError(`${name} must be square, got ${A.rows} × ${A.cols}`);
}

/**
 * The error to throw for a failed factorization of A (taken as symmetric when `checkSymmetry`): a
 * matrix that is not symmetric is reported as such (checkSymmetric throws), else the
 * factorization's error under the argument's name.
 */
function factorFailure(error: unknown, A: Matrix, name: string, checkSymmetry: boolean): unknown {
  if (checkSymmetry && (error instanceof NotPositiveDefiniteError || error instanceof SingularMatrixError)) {
    checkSymmetric(A, name);
  }
  return renamed(error, name);
}

/**
 * A dense solve under the `onSingular` policy: the factorization as asked, unless it fails on a
 * singular (or, for Cholesky, not positive definite) ∂F/∂y or its rcond is below n·ε; then the
 * minimum-norm least-squares solve or the damped factorization of ∂F/∂y + λI.
 */
function denseWithPolicy(M: Matrix, structure: Structure, options: LinearSolveOptions, name: string): PreparedSolve {
  const policy = checkPolicy(options.onSingular);
  if (policy === 'throw') return new DenseSolve(M, structure, options, name);
  try {
    const solve = new DenseSolve(M, structure, options, name);
    if (solve.rcond() >= M.rows * EPS) return solve;
    solve.dispose();
  } catch (error) {
    if (!isSingularity(error)) throw error;
    // A matrix taken as symmetric that is not is a malformed input, never a singular one.
    if (structure !== 'general' && options.checkSymmetry !== false) checkSymmetric(M, name);
  }
  if (policy === 'lstsq') return new LstsqSolve(M);
  return new DenseSolve(damped(M, policy.ridge), structure, options, name, policy.ridge);
}

const EPS = 2 ** -52;

/** The n × m matrix of an operator, column by column (m products). */
export function materialize(A: LinearOperator, name: string): Matrix {
  const M = new Matrix(A.rows, A.cols);
  const e = newFloat64Array(A.cols);
  for (let j = 0; j < A.cols; j++) {
    e[j] = 1;
    const column = A.matvec(e);
    e[j] = 0;
    if (column.length !== A.rows) {
      throw new ShapeError(`${name}.matvec returned a vector of length ${column.length}, expected ${A.rows}`);
    }
    for (let i = 0; i < A.rows; i++) M.data[i * A.cols + j] = column[i];
  }
  return M;
}

/** Replaces the linear-algebra layer's generic name `A` by the argument's name in an error. */
function renamed(error: unknown, name: string): unknown {
  const message = error instanceof Error ? error.message.replace(/\bA\b/g, name) : '';
  if (error instanceof NotPositiveDefiniteError) {
    return new NotPositiveDefiniteError(
      `${message}; it was taken as symmetric positive definite (pass structure: 'symmetric' to factor it by LDLᵀ and report its inertia, 'general' for LU, or an onSingular policy)`,
      error.pivot,
      { cause: error },
    );
  }
  if (error instanceof SingularMatrixError) return new SingularMatrixError(message, error.pivot, { cause: error });
  if (error instanceof NonFiniteError) return new NonFiniteError(message, { cause: error });
  return error;
}

/**
 * Throws NotPositiveDefiniteError at the first pair with |A_ij − A_ji| > 1e-10 (|A_ij| + |A_ji|)
 * + 1e-14 max|A_kk|: a matrix that is not symmetric is not symmetric positive definite, and a
 * Cholesky factorization would silently use its lower triangle. Tiled for cache locality.
 */
function checkSymmetric(M: Matrix, name: string): void {
  const n = M.rows;
  const a = M.data;
  let dmax = 0;
  for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(a[i * n + i]));
  const floor = 1e-14 * dmax;
  const T = 64;
  for (let ib = 0; ib < n; ib += T) {
    const iend = Math.min(n, ib + T);
    for (let jb = 0; jb <= ib; jb += T) {
      const jend = Math.min(n, jb + T);
      for (let i = ib; i < iend; i++) {
        const jstop = Math.min(jend, i);
        for (let j = jb; j < jstop; j++) {
          const x = a[i * n + j];
          const y = a[j * n + i];
          if (x !== y && Math.abs(x - y) > 1e-10 * (Math.abs(x) + Math.abs(y)) + floor) {
            throw new NotPositiveDefiniteError(
              `${name} is not symmetric: ${name}[${i}][${j}] = ${x} but ${name}[${j}][${i}] = ${y}; it was taken as symmetric (pass structure: 'general' to solve it by LU)`,
              i,
            );
          }
        }
      }
    }
  }
}

class DenseSolve implements PreparedSolve {
  readonly n: number;
  readonly solver: SolverName;
  readonly #A: Matrix;
  readonly #factor: Cholesky | LU | LDLT;
  readonly #name: string;
  readonly #symmetric: boolean;
  readonly #checkSymmetry: boolean;
  readonly #refine: boolean;
  #backwardError = 0;
  #refinementSteps = 0;
  #normInf = -1;
  #norm1 = -1;
  #rcond = -1;
  #r: Float64Array | undefined;
  readonly #damping: number | undefined;

  constructor(A: Matrix, structure: Structure, options: LinearSolveOptions, name: string, damping?: number) {
    this.#damping = damping;
    checkSquare(A, name);
    this.n = A.rows;
    this.#A = A;
    this.#name = name;
    this.#symmetric = structure !== 'general';
    this.#checkSymmetry = this.#symmetric && options.checkSymmetry !== false;
    // Refinement needs the residual of the matrix actually factored: for the symmetric
    // factorizations (lower triangle only) that is A itself once its symmetry is being checked.
    // Cholesky is backward stable and needs none.
    this.#refine =
      options.refine !== false && (structure === 'general' || (structure === 'symmetric' && this.#checkSymmetry));
    try {
      if (structure === 'spd') {
        if (options.checkSymmetry === true) checkSymmetric(A, name);
        this.#factor = cholesky(A);
        this.solver = 'cholesky';
      } else if (structure === 'symmetric') {
        if (options.checkSymmetry === true) checkSymmetric(A, name);
        this.#factor = ldlt(A);
        this.solver = 'ldlt';
      } else {
        this.#factor = lu(A);
        this.solver = 'lu';
      }
    } catch (error) {
      // A failed Cholesky of a matrix that is not symmetric: say that, not "not positive definite".
      throw factorFailure(error, A, name, this.#checkSymmetry);
    }
  }

  /**
   * x = op(A)⁻¹ b, then fixed-precision iterative refinement (x ← x + op(A)⁻¹(b − op(A) x), at
   * most {@link MAX_REFINEMENT_STEPS} steps, each kept only if it lowers the backward error) when
   * the backward error exceeds {@link REFINE_ABOVE}: one step usually restores backward stability
   * lost to pivot growth, unless A is too ill-conditioned (Skeel 1980; Higham, "Accuracy and
   * Stability of Numerical Algorithms", §12.2).
   */
  solve(b: Float64Array, transpose: boolean): Float64Array {
    let x = this.#solveOnce(b, transpose);
    let be = this.#measure(b, x, transpose);
    for (let step = 0; this.#refine && be > REFINE_ABOVE && step < MAX_REFINEMENT_STEPS; step++) {
      const d = this.#solveOnce(this.#work(), transpose); // the residual b − op(A) x left by #measure
      const next = newFloat64Array(this.n);
      for (let i = 0; i < next.length; i++) next[i] = x[i] + d[i];
      const t = this.#measure(b, next, transpose);
      if (!(t < be)) break;
      x = next;
      be = t;
      this.#refinementSteps++;
    }
    if (be > this.#backwardError) this.#backwardError = be;
    return x;
  }

  #solveOnce(b: Float64Array, transpose: boolean): Float64Array;
  #solveOnce(B: Matrix, transpose: boolean): Matrix;
  #solveOnce(b: Float64Array | Matrix, transpose: boolean): Float64Array | Matrix {
    const f = this.#factor;
    if (b instanceof Matrix) return transpose && 'solveTransposed' in f ? f.solveTransposed(b) : f.solve(b);
    return transpose && 'solveTransposed' in f ? f.solveTransposed(b) : f.solve(b);
  }

  /**
   * X = op(A)⁻¹ B with one multi-right-hand-side solve. Its backward error is measured exactly for
   * up to 2 columns or a small block, else on 2 fixed ±1 combinations of the columns (O(n² + nk)
   * each, so that the check costs no more than a few matrix-vector products); above {@link REFINE_ABOVE} the whole
   * block is refined with the full residual B − op(A) X (one GEMM and one more multi-RHS solve).
   */
  solveMany(B: Matrix, transpose: boolean): Matrix {
    let X = this.#solveOnce(B, transpose);
    let be = this.#probe(B, X, transpose);
    for (let step = 0; this.#refine && be > REFINE_ABOVE && step < MAX_REFINEMENT_STEPS; step++) {
      const AX = matmul(transpose ? this.#A.transpose() : this.#A, X);
      const R = new Matrix(B.rows, B.cols);
      for (let i = 0; i < R.data.length; i++) R.data[i] = B.data[i] - AX.data[i];
      const D = this.#solveOnce(R, transpose);
      const next = new Matrix(X.rows, X.cols);
      for (let i = 0; i < next.data.length; i++) next.data[i] = X.data[i] + D.data[i];
      const t = this.#probe(B, next, transpose);
      if (!(t < be)) break;
      X = next;
      be = t;
      this.#refinementSteps++;
    }
    if (be > this.#backwardError) this.#backwardError = be;
    return X;
  }

  /**
   * Largest backward error over the columns of X: each measured exactly when there are at most
   * {@link PROBES} or the system is small (n²k ≤ {@link EXACT_COLUMNS_MAX}), else over
   * {@link PROBES} fixed ±1 combinations c of them, as the backward error of op(A)(X c) = B c: a
   * column with a large residual shows in R c diluted by at most √k.
   */
  #probe(B: Matrix, X: Matrix, transpose: boolean): number {
    const k = B.cols;
    const n = this.n;
    if (n * n * k <= EXACT_COLUMNS_MAX) return this.#measureColumns(B, X, transpose);
    const bc = newFloat64Array(n);
    const xc = newFloat64Array(n);
    const c = newFloat64Array(k);
    let worst = 0;
    for (let t = 0; t < Math.min(k, PROBES); t++) {
      for (let j = 0; j < k; j++) c[j] = k <= PROBES ? (j === t ? 1 : 0) : sign(j, t);
      gemvRows(B.data, n, k, c, bc);
      gemvRows(X.data, n, k, c, xc);
      worst = Math.max(worst, this.#measure(bc, xc, transpose));
    }
    return worst;
  }

  /** The reciprocal 1-norm condition estimate of the factored matrix (computed once). */
  rcond(): number {
    if (this.#rcond < 0) this.#rcond = this.#factor.rcond();
    return this.#rcond;
  }

  report(): SolveReport {
    const f = this.#factor;
    const report: SolveReport = {
      solver: this.solver,
      rcond: this.rcond(),
      backwardError: this.#backwardError,
      refinementSteps: this.#refinementSteps,
    };
    if ('inertia' in f) report.inertia = { ...f.inertia() };
    if (this.#damping !== undefined) report.damping = this.#damping;
    return report;
  }

  dispose(): void {
    this.#factor.dispose();
  }

  /**
   * The normwise backward error ‖r‖∞ / (‖op(A)‖∞ ‖x‖∞ + ‖b‖∞) of x as a solution of op(A) x = b,
   * with r = b − op(A) x left in {@link #work}: one pass over A, which also yields the norm the
   * first time. For an SPD structure op(A) = A. Cholesky is normwise backward stable
   * (‖ΔA‖ ≤ c·n·ε‖A‖), so a backward error above {@link SUSPECT_BACKWARD_ERROR} after a Cholesky
   * solve means A was not symmetric (the factorization read its lower triangle only): the full
   * symmetry check then runs, and throws.
   */
  #measure(b: Float64Array, x: Float64Array, transpose: boolean): number {
    const n = this.n;
    const a = this.#A.data;
    const r = this.#work();
    if (transpose && !this.#symmetric) gemvTransposedRows(a, n, n, x, r);
    else if (this.#normInf < 0) this.#normInf = gemvRowsWithNorm(a, n, n, x, r);
    else gemvRows(a, n, n, x, r);
    let rn = 0;
    let xn = 0;
    let bn = 0;
    for (let i = 0; i < n; i++) {
      const ri = b[i] - r[i];
      r[i] = ri;
      rn = Math.max(rn, Math.abs(ri));
      xn = Math.max(xn, Math.abs(x[i]));
      bn = Math.max(bn, Math.abs(b[i]));
    }
    const denom = this.#opNorm(transpose) * xn + bn;
    const be = denom === 0 ? 0 : rn / denom;
    if (be > SUSPECT_BACKWARD_ERROR && this.#checkSymmetry) checkSymmetric(this.#A, this.#name);
    return be;
  }

  /**
   * The largest normwise backward error over the columns of X as solutions of op(A) X = B, each
   * exact, in one pass without allocation (for small systems; O(n²k)). Same symmetry check as
   * {@link #measure}.
   */
  #measureColumns(B: Matrix, X: Matrix, transpose: boolean): number {
    const n = this.n;
    const k = B.cols;
    const a = this.#A.data;
    const b = B.data;
    const x = X.data;
    const byColumns = transpose && !this.#symmetric; // (op(A) x)_i = Σ_p a_pi x_p
    const normA = this.#opNorm(transpose);
    let worst = 0;
    for (let j = 0; j < k; j++) {
      let rn = 0;
      let xn = 0;
      let bn = 0;
      for (let i = 0; i < n; i++) {
        // (op(A) x)_i along row i of A, or down column i of A when op(A) = Aᵀ.
        const start = byColumns ? i : i * n;
        const step = byColumns ? n : 1;
        let s = 0;
        for (let p = 0, q = start, xp = j; p < n; p++, q += step, xp += k) s += a[q] * x[xp];
        const bi = b[i * k + j];
        rn = Math.max(rn, Math.abs(bi - s));
        xn = Math.max(xn, Math.abs(x[i * k + j]));
        bn = Math.max(bn, Math.abs(bi));
      }
      const denom = normA * xn + bn;
      worst = Math.max(worst, denom === 0 ? 0 : rn / denom);
    }
    if (worst > SUSPECT_BACKWARD_ERROR && this.#checkSymmetry) checkSymmetric(this.#A, this.#name);
    return worst;
  }

  /** A vector of length n owned by this solve: the residual of the last {@link #measure}. */
  #work(): Float64Array {
    this.#r ??= newFloat64Array(this.n);
    return this.#r;
  }

  /** ‖op(A)‖∞: ‖A‖∞, or ‖Aᵀ‖∞ = ‖A‖₁ for a transposed general solve; each computed once. */
  #opNorm(transpose: boolean): number {
    const n = this.n;
    if (transpose && !this.#symmetric) {
      if (this.#norm1 < 0) this.#norm1 = norm1Rows(this.#A.data, n, n);
      return this.#norm1;
    }
    if (this.#normInf < 0) this.#normInf = normInfRows(this.#A.data, n, n);
    return this.#normInf;
  }
}

/** Number of ±1 combinations of the right-hand sides on which a multi-RHS backward error is measured. */
export const PROBES = 2;

/** Multi-right-hand-side solves with n²k up to this measure every column's backward error exactly. */
export const EXACT_COLUMNS_MAX = 256;

/** Dense solves refine when their normwise backward error exceeds this (≈ 45 ε). */
export const REFINE_ABOVE = 1e-14;

/** Cap on refinement steps per right-hand side. */
export const MAX_REFINEMENT_STEPS = 2;

/** A Cholesky solve whose normwise backward error exceeds this betrays a matrix that is not symmetric. */
export const SUSPECT_BACKWARD_ERROR = 1e-9;

function column(M: Matrix, j: number): Float64Array {
  const out = newFloat64Array(M.rows);
  for (let i = 0; i < M.rows; i++) out[i] = M.data[i * M.cols + j];
  return out;
}

/** A fixed ±1 pattern: sign of column j in probe t (bits of a multiplicative hash). */
function sign(j: number, t: number): number {
  return ((Math.imul(j + 1, 0x9e3779b1) >>> (7 + 5 * t)) & 1) === 0 ? 1 : -1;
}

class KrylovSolve implements PreparedSolve {
  readonly n: number;
  readonly solver: SolverName;
  readonly #A: LinearOperator;
  readonly #options: LinearSolveOptions;
  readonly #name: string;
  readonly #structure: Structure;
  #At: LinearOperator | undefined;
  #iterations = 0;
  #converged = true;
  #backwardError = 0;

  constructor(A: LinearOperator, structure: Structure, options: LinearSolveOptions, name: string) {
    checkSquare(A, name);
    this.n = A.rows;
    this.#A = A;
    this.#options = options;
    this.#name = name;
    this.#structure = structure;
    const chosen = options.krylov ?? (structure === 'spd' ? 'cg' : structure === 'symmetric' ? 'minres' : 'gmres');
    if (!['cg', 'minres', 'gmres', 'bicgstab'].includes(chosen)) {
      throw new ImplicitDiffError(`krylov must be 'cg', 'minres', 'gmres' or 'bicgstab', got ${String(chosen)}`);
    }
    this.solver = chosen;
  }

  solve(b: Float64Array, transpose: boolean): Float64Array {
    const A = transpose && this.#structure === 'general' ? this.#transposed() : this.#A;
    const o = this.#options;
    const options = { tol: o.tol, atol: o.atol, maxIter: o.maxIter, preconditioner: o.preconditioner };
    let result: KrylovResult;
    switch (this.solver) {
      case 'cg':
        result = cg(A, b, options);
        break;
      case 'minres':
        result = minres(A, b, options);
        break;
      case 'bicgstab':
        result = bicgstab(A, b, options);
        break;
      default:
        result = gmres(A, b, { ...options, restart: o.restart });
    }
    this.#iterations += result.iterations;
    const bn = norm2(b);
    const xn = norm2(result.x);
    const rn = result.residualNorm;
    const normA = xn === 0 ? 0 : Math.max(0, bn - rn) / xn;
    const denom = normA * xn + bn;
    const be = denom === 0 ? 0 : rn / denom;
    if (be > this.#backwardError) this.#backwardError = be;
    if (result.breakdown === 'not-positive-definite' && this.solver === 'cg') {
      throw new NotPositiveDefiniteError(
        `${this.#name} is not positive definite: CG met a direction p with pᵀ${this.#name}p ≤ 0 after ${result.iterations} iterations (or the preconditioner is not positive definite); pass structure: 'general' to solve it by GMRES`,
        -1,
      );
    }
    if (!result.converged) {
      this.#converged = false;
      if (o.allowUnconverged !== true) {
        const why = result.breakdown === undefined ? 'reached its iteration cap' : `stopped (${result.breakdown})`;
        throw new ConvergenceError(
          `${this.solver} on ${this.#name} ${why} after ${result.iterations} iterations with ‖b − ${this.#name} x‖ = ${rn.toExponential(3)} (‖b‖ = ${bn.toExponential(3)}, tol ${o.tol ?? 1e-10}); raise maxIter, add a preconditioner, or pass allowUnconverged: true`,
          result.iterations,
          rn,
        );
      }
    }
    return result.x;
  }

  solveMany(B: Matrix, transpose: boolean): Matrix {
    const X = new Matrix(this.n, B.cols);
    for (let j = 0; j < B.cols; j++) {
      const x = this.solve(column(B, j), transpose);
      for (let i = 0; i < this.n; i++) X.data[i * B.cols + j] = x[i];
    }
    return X;
  }

  report(): SolveReport {
    return {
      solver: this.solver,
      iterations: this.#iterations,
      converged: this.#converged,
      backwardError: this.#backwardError,
    };
  }

  dispose(): void {}

  #transposed(): LinearOperator {
    this.#At ??= transposeOperator(this.#A, this.#name);
    return this.#At;
  }
}
