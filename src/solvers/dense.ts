import { NotPositiveDefiniteError, SingularMatrixError } from '../errors.js';
import { normwiseBackwardError, normwiseBackwardErrorColumns } from '../linalg/backward-error.js';
import { gemvRows, norm1Rows, normInfRows } from '../linalg/dense-products.js';
import type { Inertia } from '../linalg/ldlt.js';
import { matmul } from '../linalg/matmul.js';
import { Matrix } from '../linalg/matrix.js';
import { type RefinementPolicy, refinementLoop } from '../linalg/refine.js';
import type { LinearSolveOptions } from './options.js';
import { type SolveReport, warningsOf } from './report.js';
import type { Solver } from './solver.js';
import { checkSymmetric } from './symmetry.js';

/** A dense factorization object as the driver uses it (`Cholesky`, `LDLT` and `LU` all are). */
export interface DenseFactor {
  solve(b: Float64Array): Float64Array;
  solve(B: Matrix): Matrix;
  solveTransposed?(b: Float64Array): Float64Array;
  solveTransposed?(B: Matrix): Matrix;
  rcond(): number;
  inertia?(): Inertia;
  dispose(): void;
}

/** What a dense strategy file supplies to the driver: its factorization and how it may be checked. */
export interface DenseStrategy {
  readonly solver: 'cholesky' | 'ldlt' | 'lu';
  /** Whether the factorization reads the lower triangle only, A being taken as symmetric. */
  readonly symmetric: boolean;
  /**
   * Whether iterative refinement can help: not after Cholesky, which is backward stable. For a
   * symmetric factorization it runs only when A's symmetry is checked, since the residual is taken
   * against the whole of A.
   */
  readonly refines: boolean;
  /** Factors the square, finite-checked-on-copy M, errors naming `name`. */
  factor(M: Matrix, name: string): DenseFactor;
}

/** Number of ±1 combinations of the right-hand sides on which a multi-RHS backward error is measured. */
export const PROBES = 2;

/** Multi-right-hand-side solves with n²k up to this measure every column's backward error exactly. */
export const EXACT_COLUMNS_MAX = 256;

/** Dense solves refine when their normwise backward error exceeds this (≈ 45 ε). */
export const REFINE_ABOVE = 1e-14;

/** Cap on refinement steps per right-hand side. */
export const MAX_REFINEMENT_STEPS = 2;

/** The refinement of the checked dense solves: while η > {@link REFINE_ABOVE}, at most {@link MAX_REFINEMENT_STEPS} corrections. */
const DENSE_REFINEMENT: RefinementPolicy = {
  tolerance: REFINE_ABOVE,
  maxSteps: MAX_REFINEMENT_STEPS,
  untilHalving: false,
};

/** A solve by a factorization of a symmetric A whose normwise backward error exceeds this betrays an A that is not symmetric. */
export const SUSPECT_BACKWARD_ERROR = 1e-9;

/**
 * Factors M by the strategy, after the eager symmetry check when `options.checkSymmetry` is true; a
 * factorization that fails on a matrix taken as symmetric is first checked for symmetry, so that a
 * matrix that is not is reported as such rather than as indefinite or singular.
 * @throws {NotSymmetricError} as {@link checkSymmetric}.
 * @throws {NotPositiveDefiniteError} or {@link SingularMatrixError} from the factorization.
 */
export function factorChecked(
  strategy: DenseStrategy,
  M: Matrix,
  options: LinearSolveOptions,
  name: string,
): DenseFactor {
  const checkSymmetry = strategy.symmetric && options.checkSymmetry !== false;
  if (strategy.symmetric && options.checkSymmetry === true) checkSymmetric(M, name);
  try {
    return strategy.factor(M, name);
  } catch (error) {
    if (checkSymmetry && (error instanceof NotPositiveDefiniteError || error instanceof SingularMatrixError)) {
      checkSymmetric(M, name);
    }
    throw error;
  }
}

/**
 * The checked dense solve: a factorization of A reused for every right-hand side, the normwise
 * backward error of every solution measured against A itself, fixed-precision iterative
 * refinement where it helps, and the lazy symmetry check of a matrix taken as symmetric.
 */
export class DenseSolve implements Solver {
  readonly n: number;
  readonly solver: DenseStrategy['solver'];
  readonly #A: Matrix;
  readonly #factor: DenseFactor;
  readonly #name: string;
  readonly #symmetric: boolean;
  readonly #checkSymmetry: boolean;
  readonly #refine: boolean;
  #backwardError = 0;
  #refinementSteps = 0;
  readonly #normInf = { normA: -1 };
  readonly #norm1 = { normA: -1 };
  #rcond = -1;
  #r: Float64Array | undefined;
  readonly #damping: number | undefined;

  /** Factors the square matrix A (argument `name`) by `strategy`; `damping` is reported when given. */
  constructor(strategy: DenseStrategy, A: Matrix, options: LinearSolveOptions, name: string, damping?: number) {
    this.n = A.rows;
    this.solver = strategy.solver;
    this.#A = A;
    this.#name = name;
    this.#damping = damping;
    this.#symmetric = strategy.symmetric;
    this.#checkSymmetry = strategy.symmetric && options.checkSymmetry !== false;
    this.#refine = options.refine !== false && strategy.refines && (!strategy.symmetric || this.#checkSymmetry);
    this.#factor = factorChecked(strategy, A, options, name);
  }

  /**
   * x = op(A)⁻¹ b, then fixed-precision iterative refinement (linalg's {@link refinementLoop}: x ←
   * x + op(A)⁻¹(b − op(A) x), at most {@link MAX_REFINEMENT_STEPS} steps, each kept only if it lowers
   * the normwise backward error) while that error exceeds {@link REFINE_ABOVE}: one step usually
   * restores backward stability lost to pivot growth, unless A is too ill-conditioned.
   */
  solve(b: Float64Array, transpose: boolean): Float64Array {
    const x0 = this.#solveOnce(b, transpose);
    const measure = (x: Float64Array) => this.#measure(b, x, transpose);
    const { x, error } = this.#refined(x0, measure(x0), measure, (current) => {
      const d = this.#solveOnce(this.#work(), transpose); // the residual b − op(A) x left by #measure
      const next = new Float64Array(this.n);
      for (let i = 0; i < next.length; i++) next[i] = current[i] + d[i];
      return next;
    });
    if (error > this.#backwardError) this.#backwardError = error;
    return x;
  }

  /** The refinement loop under the dense policy, counting the steps taken, or x as it is. */
  #refined<T>(x: T, error: number, measure: (x: T) => number, correct: (x: T) => T): { x: T; error: number } {
    if (!this.#refine) return { x, error };
    const refined = refinementLoop(x, error, correct, measure, DENSE_REFINEMENT);
    this.#refinementSteps += refined.steps;
    return refined;
  }

  #solveOnce(b: Float64Array, transpose: boolean): Float64Array;
  #solveOnce(B: Matrix, transpose: boolean): Matrix;
  #solveOnce(b: Float64Array | Matrix, transpose: boolean): Float64Array | Matrix {
    const f = this.#factor;
    const transposed = transpose && f.solveTransposed !== undefined;
    if (b instanceof Matrix) return transposed ? f.solveTransposed!(b) : f.solve(b);
    return transposed ? f.solveTransposed!(b) : f.solve(b);
  }

  /**
   * X = op(A)⁻¹ B with one multi-right-hand-side solve. Its backward error is measured exactly for
   * up to 2 columns or a small block, else on 2 fixed ±1 combinations of the columns (O(n² + nk)
   * each, so that the check costs no more than a few matrix-vector products); above
   * {@link REFINE_ABOVE} the whole block is refined with the full residual B − op(A) X (one GEMM and
   * one more multi-RHS solve).
   */
  solveMany(B: Matrix, transpose: boolean): Matrix {
    const X0 = this.#solveOnce(B, transpose);
    const measure = (X: Matrix) => this.#probe(B, X, transpose);
    const { x, error } = this.#refined(X0, measure(X0), measure, (X) => {
      const AX = matmul(transpose ? this.#A.transpose() : this.#A, X);
      const R = new Matrix(B.rows, B.cols);
      for (let i = 0; i < R.data.length; i++) R.data[i] = B.data[i] - AX.data[i];
      const D = this.#solveOnce(R, transpose);
      const next = new Matrix(X.rows, X.cols);
      for (let i = 0; i < next.data.length; i++) next.data[i] = X.data[i] + D.data[i];
      return next;
    });
    if (error > this.#backwardError) this.#backwardError = error;
    return x;
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
    const bc = new Float64Array(n);
    const xc = new Float64Array(n);
    const c = new Float64Array(k);
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
    const report: Omit<SolveReport, 'warnings'> = {
      solver: this.solver,
      rcond: this.rcond(),
      backwardError: this.#backwardError,
      refinementSteps: this.#refinementSteps,
    };
    if (f.inertia !== undefined) report.inertia = { ...f.inertia() };
    if (this.#damping !== undefined) report.damping = this.#damping;
    return { ...report, warnings: warningsOf(report, this.n) };
  }

  dispose(): void {
    this.#factor.dispose();
  }

  /**
   * The normwise backward error η of x as a solution of op(A) x = b (linalg's
   * {@link normwiseBackwardError}), with r = b − op(A) x left in {@link #work}: one pass over A,
   * which also yields ‖A‖∞ the first time. For a symmetric structure op(A) = A. Cholesky and LDLᵀ
   * are normwise backward stable (‖ΔA‖ ≤ c·n·ε‖A‖), so an η above {@link SUSPECT_BACKWARD_ERROR}
   * after a solve by a symmetric factorization means A was not symmetric (the factorization read
   * its lower triangle only): the full symmetry check then runs, and throws.
   */
  #measure(b: Float64Array, x: Float64Array, transpose: boolean): number {
    const transposed = transpose && !this.#symmetric;
    const norms = transposed ? this.#norm1 : this.#normInf;
    if (transposed && norms.normA < 0) norms.normA = norm1Rows(this.#A.data, this.n, this.n);
    const be = normwiseBackwardError(this.#A.data, this.n, b, x, this.#work(), transposed, norms);
    if (be > SUSPECT_BACKWARD_ERROR && this.#checkSymmetry) checkSymmetric(this.#A, this.#name);
    return be;
  }

  /** The largest η over the columns of X, each exact (for small systems); same symmetry check as {@link #measure}. */
  #measureColumns(B: Matrix, X: Matrix, transpose: boolean): number {
    const transposed = transpose && !this.#symmetric;
    const worst = normwiseBackwardErrorColumns(this.#A.data, this.n, B, X, transposed, this.#opNorm(transpose));
    if (worst > SUSPECT_BACKWARD_ERROR && this.#checkSymmetry) checkSymmetric(this.#A, this.#name);
    return worst;
  }

  /** A vector of length n owned by this solve: the residual of the last {@link #measure}. */
  #work(): Float64Array {
    this.#r ??= new Float64Array(this.n);
    return this.#r;
  }

  /** ‖op(A)‖∞: ‖A‖∞, or ‖Aᵀ‖∞ = ‖A‖₁ for a transposed general solve; each computed once. */
  #opNorm(transpose: boolean): number {
    const n = this.n;
    if (transpose && !this.#symmetric) {
      if (this.#norm1.normA < 0) this.#norm1.normA = norm1Rows(this.#A.data, n, n);
      return this.#norm1.normA;
    }
    if (this.#normInf.normA < 0) this.#normInf.normA = normInfRows(this.#A.data, n, n);
    return this.#normInf.normA;
  }
}

/** A fixed ±1 pattern: sign of column j in probe t (bits of a multiplicative hash). */
function sign(j: number, t: number): number {
  return ((Math.imul(j + 1, 0x9e3779b1) >>> (7 + 5 * t)) & 1) === 0 ? 1 : -1;
}
