import { NotPositiveDefiniteError, SingularMatrixError } from '../errors.js';
import { type CheckedSolver, checkedOutcome } from '../linalg/checked-factor.js';
import type { Inertia } from '../linalg/ldlt.js';
import { Matrix } from '../linalg/matrix.js';
import type { LinearSolveOptions } from './options.js';
import { type SolveReport, warningsOf } from './report.js';
import type { Solver } from './solver.js';
import { checkSymmetric } from './symmetry.js';

/** A dense factorization object as the driver uses it (`Cholesky`, `LDLT` and `LU` made `checked` all are). */
export interface DenseFactor extends CheckedSolver {
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
  /** Factors the square M with its copy kept for the checked solve, errors naming `name`. */
  factor(M: Matrix, name: string): DenseFactor;
}

/** Dense solves refine when their normwise backward error exceeds this (≈ 45 ε). */
export const REFINE_ABOVE = 1e-14;

/** Cap on refinement steps per right-hand side. */
export const MAX_REFINEMENT_STEPS = 2;

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
 * The checked dense solve: a factorization of A reused for every right-hand side, each solve one
 * call of the checked kernel (assembly/checked.ts, as LAPACK xPOSVX/xGESVX): the solution, its
 * normwise backward error η measured against A's copy kept with the factors, and fixed-precision
 * iterative refinement where it helps; then the lazy symmetry check of a matrix taken as symmetric.
 */
export class DenseSolve implements Solver {
  readonly n: number;
  readonly solver: DenseStrategy['solver'];
  readonly #A: Matrix;
  readonly #factor: DenseFactor;
  readonly #name: string;
  readonly #symmetric: boolean;
  readonly #checkSymmetry: boolean;
  readonly #maxSteps: number;
  #backwardError = 0;
  #refinementSteps = 0;
  /** ‖A‖∞ and ‖Aᵀ‖∞ = ‖A‖₁, negative until the kernel computes them. */
  readonly #norms = [-1, -1];
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
    const refine = options.refine !== false && strategy.refines && (!strategy.symmetric || this.#checkSymmetry);
    this.#maxSteps = refine ? MAX_REFINEMENT_STEPS : 0;
    this.#factor = factorChecked(strategy, A, options, name);
  }

  /**
   * x = op(A)⁻¹ b, then fixed-precision iterative refinement (x ← x + op(A)⁻¹(b − op(A) x), at most
   * {@link MAX_REFINEMENT_STEPS} steps, each kept only if it lowers η) while η exceeds
   * {@link REFINE_ABOVE}: one step usually restores backward stability lost to pivot growth, unless A
   * is too ill-conditioned.
   */
  solve(b: Float64Array, transpose: boolean, out?: Float64Array): Float64Array {
    return this.#checked(b, 1, transpose, out);
  }

  /**
   * X = op(A)⁻¹ B with one multi-right-hand-side solve. Its η is measured exactly for up to 2
   * columns or a small block (n²k ≤ 256), else on 2 fixed ±1 combinations c of the columns (the
   * kernel's PROBES and EXACT_COLUMNS_MAX), as the η of X c for B c (O(n² + nk) each: a column with a
   * large residual shows in R c diluted by at most √k); above {@link REFINE_ABOVE} the whole block is
   * refined with its full residual B − op(A) X.
   */
  solveMany(B: Matrix, transpose: boolean, out?: Matrix): Matrix {
    const X = this.#checked(B.data, B.cols, transpose, out?.data);
    return out ?? new Matrix(B.rows, B.cols, X);
  }

  /**
   * The kernel's checked solve of the n × nrhs `data`. For a symmetric structure op(A) = A. Cholesky
   * and LDLᵀ are normwise backward stable (‖ΔA‖ ≤ c·n·ε‖A‖), so an η above
   * {@link SUSPECT_BACKWARD_ERROR} after a solve by a symmetric factorization means A was not
   * symmetric (the factorization read its lower triangle only): the full symmetry check then runs,
   * and throws.
   */
  #checked(data: Float64Array, nrhs: number, transpose: boolean, out?: Float64Array): Float64Array {
    const transposed = transpose && !this.#symmetric;
    const which = transposed ? 1 : 0;
    const norm = this.#norms[which];
    const x = this.#factor.solveChecked(data, nrhs, transposed, REFINE_ABOVE, this.#maxSteps, norm, out);
    const measured = checkedOutcome();
    this.#norms[which] = measured.normA;
    if (measured.firstBackwardError > SUSPECT_BACKWARD_ERROR && this.#checkSymmetry)
      checkSymmetric(this.#A, this.#name);
    this.#refinementSteps += measured.steps;
    if (measured.backwardError > this.#backwardError) this.#backwardError = measured.backwardError;
    return x;
  }

  /** The reciprocal 1-norm condition estimate of the factored matrix (computed once). */
  rcond(): number {
    return this.#factor.rcond();
  }

  /**
   * Whether {@link rcond} is at least `threshold`, by the factorization's cheap lower bound when it
   * suffices, else by the estimate: the answer of `rcond() >= threshold`.
   */
  rcondAtLeast(threshold: number): boolean {
    return this.#factor.rcondAtLeast(threshold);
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
}
