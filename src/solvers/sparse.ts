import { ArgumentError } from '../errors.js';
import type { Inertia } from '../linalg/ldlt.js';
import type { Matrix } from '../linalg/matrix.js';
import { type SparseCholesky, sparseCholeskyOf } from '../sparse/cholesky.js';
import { type SparseLdlt, sparseLdltOf } from '../sparse/ldlt.js';
import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import { MAX_REFINEMENT_STEPS, REFINE_ABOVE } from './dense.js';
import type { LinearSolveOptions, SingularPolicy } from './options.js';
import { type SolveReport, warningsOf } from './report.js';
import { copyInto, type Solver } from './solver.js';
import { checkSparseSymmetric } from './symmetry.js';

/**
 * Solves with a SparseMatrix A taken as symmetric: sparse Cholesky for `'spd'`, the static-pivot
 * sparse LDLᵀ for `'symmetric'` (src/sparse/), both on AMD orderings. Nothing of size n × n is
 * formed. The symmetry of A is checked first, O(nnz(A)), unless `checkSymmetry: false` (the
 * factorizations read the lower triangle, which then stands for A). Every solution's normwise
 * backward error is measured against the symmetric matrix of that lower triangle, and refined (x ← x + A⁻¹(b − Ax), at most two steps, each kept only when it
 * lowers the error) when it exceeds 1e-14, as the dense solves do; A general (non-symmetric)
 * SparseMatrix goes to a Krylov method instead (select.ts).
 */
export class SparseSolve implements Solver {
  readonly n: number;
  readonly solver: 'sparse-cholesky' | 'sparse-ldlt';
  readonly #A: SparseMatrix;
  readonly #factor: SparseCholesky | SparseLdlt;
  readonly #refine: boolean;
  readonly #normInf: number;
  #backwardError = 0;
  #refinementSteps = 0;

  /**
   * @throws {NotSymmetricError} when A is not symmetric (and `checkSymmetry` is not false).
   * @throws {NotPositiveDefiniteError} (`'spd'`) or {@link SingularMatrixError} (`'symmetric'`,
   * a zero pivot) from the factorization, `.pivot` in A's numbering.
   */
  constructor(A: SparseMatrix, structure: 'spd' | 'symmetric', options: LinearSolveOptions, name: string) {
    if (options.checkSymmetry !== false) checkSparseSymmetric(A, name);
    this.n = A.rows;
    this.#A = A;
    this.solver = structure === 'spd' ? 'sparse-cholesky' : 'sparse-ldlt';
    this.#refine = options.refine !== false;
    this.#factor = structure === 'spd' ? sparseCholeskyOf(A, {}, name) : sparseLdltOf(A, {}, name);
    let norm = 0;
    const rowSum = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) {
      for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
        const i = A.rowIndex[q];
        if (i < j) continue;
        const a = Math.abs(A.values[q]);
        rowSum[i] += a;
        if (i > j) rowSum[j] += a;
      }
    }
    for (const s of rowSum) norm = Math.max(norm, s);
    this.#normInf = norm;
  }

  solve(b: Float64Array, _transpose: boolean, out?: Float64Array): Float64Array {
    return copyInto(this.#refined(b, this.#factor.solve(b)), out);
  }

  /** Every column of B in one multi-right-hand-side solve, then each column checked and refined. */
  solveMany(B: Matrix, _transpose: boolean, out?: Matrix): Matrix {
    const X = this.#factor.solve(B);
    const k = B.cols;
    const b = new Float64Array(this.n);
    const x = new Float64Array(this.n);
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < this.n; i++) {
        b[i] = B.data[i * k + j];
        x[i] = X.data[i * k + j];
      }
      const xr = this.#refined(b, x);
      for (let i = 0; i < this.n; i++) X.data[i * k + j] = xr[i];
    }
    return copyInto(X, out);
  }

  /** x after at most two refinement steps, each kept only when it lowers the backward error. */
  #refined(b: Float64Array, x0: Float64Array): Float64Array {
    let x = x0;
    let r = this.#residual(b, x);
    let be = this.#backward(r, b, x);
    for (let step = 0; this.#refine && be > REFINE_ABOVE && step < MAX_REFINEMENT_STEPS; step++) {
      const d = this.#factor.solve(r);
      const next = new Float64Array(this.n);
      for (let i = 0; i < next.length; i++) next[i] = x[i] + d[i];
      const rn = this.#residual(b, next);
      const t = this.#backward(rn, b, next);
      if (!(t < be)) break;
      x = next;
      r = rn;
      be = t;
      this.#refinementSteps++;
    }
    if (be > this.#backwardError) this.#backwardError = be;
    return x;
  }

  report(): SolveReport {
    const f = this.#factor;
    const report: Omit<SolveReport, 'warnings'> = {
      solver: this.solver,
      nnzL: f.nnzL,
      fillRatio: f.fillRatio,
      refinementSteps: this.#refinementSteps,
      backwardError: this.#backwardError,
    };
    if ('inertia' in f) report.inertia = (f.inertia as () => Inertia).call(f);
    return { ...report, warnings: warningsOf(report, this.n) };
  }

  dispose(): void {
    this.#factor.dispose();
  }

  /** b − A·x for the symmetric A whose lower triangle is A's (the matrix that was factored). */
  #residual(b: Float64Array, x: Float64Array): Float64Array {
    const { colPtr, rowIndex, values } = this.#A;
    const r = Float64Array.from(b);
    for (let j = 0; j < this.n; j++) {
      const xj = x[j];
      let s = 0;
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
        const i = rowIndex[q];
        if (i < j) continue;
        const a = values[q];
        r[i] -= a * xj;
        if (i > j) s += a * x[i];
      }
      r[j] -= s;
    }
    return r;
  }

  /** ‖r‖∞ / (‖A‖∞‖x‖∞ + ‖b‖∞). */
  #backward(r: Float64Array, b: Float64Array, x: Float64Array): number {
    let rn = 0;
    let xn = 0;
    let bn = 0;
    for (let i = 0; i < r.length; i++) {
      rn = Math.max(rn, Math.abs(r[i]));
      xn = Math.max(xn, Math.abs(x[i]));
      bn = Math.max(bn, Math.abs(b[i]));
    }
    const d = this.#normInf * xn + bn;
    return d === 0 ? 0 : rn / d;
  }
}

/** @throws {ArgumentError} when `onSingular` asks for a dense-only policy. */
export function checkSparsePolicy(policy: SingularPolicy, name: string): void {
  if (policy !== 'throw') {
    throw new ArgumentError(
      `onSingular: ${JSON.stringify(policy)} applies to dense matrices; the SparseMatrix ${name} is factored by sparse Cholesky or LDLᵀ, which throw on a singular matrix (pass a dense matrix, or regularize it yourself)`,
    );
  }
}
