import { ArgumentError, NotQuasiDefiniteError, SingularMatrixError } from '../errors.js';
import type { Inertia } from '../linalg/ldlt.js';
import { free } from '../wasm/heap.js';
import { type Analysis, analyse, type Ordering, type Symbolic } from './analyse.js';
import { factorAnalysed, SparseFactorization } from './factorization.js';
import type { NumericOutcome, PivotRule } from './numeric.js';
import { asOptions, asSquareSparse, orderingOf } from './options.js';
import type { SparseFactor } from './sparse-factor.js';
import type { SparseMatrix } from './sparse-matrix.js';

/** Options of {@link sparseLdlt}. */
export interface SparseLdltOptions {
  /** Fill-reducing ordering: `'amd'` (default), `'natural'`, or a permutation (`perm[k]` = index of pivot k). */
  ordering?: Ordering;
  /**
   * Expected sign of each pivot, by row of A (caller's numbering): +1 for the rows of H, −1 for
   * those of −D in [[H, Aᵀ], [A, −D]], 0 for no expectation. A pivot of the other sign is an error.
   */
  signs?: ArrayLike<number>;
  /**
   * Static regularization (needs `signs`): a pivot with sign·d < eps is replaced by sign·delta, as
   * interior-point solvers on QDLDL do; the count is `regularized`. Both finite, eps ≥ 0, delta > 0.
   */
  regularize?: { eps: number; delta: number };
}

/** A sparse LDLᵀ factorization P·A·Pᵀ = L·D·Lᵀ with static pivots; see {@link sparseLdlt}. */
export interface SparseLdlt extends SparseFactor {
  /** Number of pivots replaced by the static regularization in the last factorization. */
  readonly regularized: number;
  /**
   * Numbers of positive, negative and zero eigenvalues of A: those of D (Sylvester's law of inertia).
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  inertia(): Inertia;
  /**
   * log |det A| = Σ log |d_j|.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  logAbsDet(): number;
  /**
   * Factors `A2`, with the analysed pattern, on the same analysis and pivot rule; bit for bit a
   * fresh `sparseLdlt(A2)` with the same options. On failure the previous factor is kept.
   * @throws {ArgumentError} when A2 is not a SparseMatrix with the analysed pattern.
   * @throws {ShapeError} when A2 is not n × n.
   * @throws {SingularMatrixError} on a zero pivot.
   * @throws {NotQuasiDefiniteError} on a pivot of the wrong sign.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  refactor(A2: SparseMatrix): this;
}

class SparseLdltFactorization extends SparseFactorization implements SparseLdlt {
  readonly #rule: PivotRule;
  #regularized: number;

  constructor(analysis: Analysis, rule: PivotRule, regularized: number) {
    super(analysis, 1, 'LDLᵀ');
    this.#rule = rule;
    this.#regularized = regularized;
  }

  /** Number of pivots replaced by the static regularization in the last factorization. */
  get regularized(): number {
    return this.#regularized;
  }

  /**
   * Numbers of positive, negative and zero eigenvalues of A: those of D (Sylvester's law of inertia).
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  inertia(): Inertia {
    const [, positive, negative] = this.diagonal();
    return { positive, negative, zero: this.n - positive - negative };
  }

  /**
   * log |det A| = Σ log |d_j|.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  logAbsDet(): number {
    return this.diagonal()[0];
  }

  /**
   * Factors `A2`, with the analysed pattern, on the same analysis and pivot rule; bit for bit a
   * fresh `sparseLdlt(A2)` with the same options. On failure the previous factor is kept.
   * @throws {ArgumentError} when A2 is not a SparseMatrix with the analysed pattern.
   * @throws {ShapeError} when A2 is not n × n.
   * @throws {SingularMatrixError} on a zero pivot.
   * @throws {NotQuasiDefiniteError} on a pivot of the wrong sign.
   * @throws {DisposedError} after `dispose()`.
   * @throws {OutOfMemoryError} when the factorization was copied out of WebAssembly memory and cannot be copied back.
   */
  refactor(A2: SparseMatrix): this {
    this.#regularized = regularizedOrThrow(this.refactorValues(this.valuesOf(A2), this.#rule), this.symbolic, 'A2');
    return this;
  }
}

/**
 * Sparse LDLᵀ factorization P·A·Pᵀ = L·D·Lᵀ (L unit lower, D diagonal) of a symmetric
 * quasi-definite matrix — a KKT matrix [[H, Aᵀ], [A, −D]] with H and D positive definite, which
 * has such a factorization for every symmetric permutation (Vanderbei 1995) — with static pivots:
 * no pivoting beyond the fill-reducing ordering, on the same symbolic analysis and supernodal
 * kernels as {@link sparseCholesky} (as QDLDL does for OSQP, but supernodal). Reads the lower triangle.
 *
 * @param A - square, symmetric; only its lower triangle is read.
 * @param options - `ordering`, `signs` (expected pivot signs by row), `regularize` ({ eps, delta }).
 * @returns `{ n, nnzL, fillRatio, permutation, regularized, solve, inertia, logAbsDet, refactor, dispose }`.
 * @throws {ArgumentError} when A is not a SparseMatrix, an option is invalid (ordering, signs not
 * n values in {−1, 0, 1}, regularize without signs or with eps < 0 or delta ≤ 0).
 * @throws {ShapeError} when A is not square or its factor cannot fit in WASM memory.
 * @throws {SingularMatrixError} when a pivot is zero (or not finite): `.pivot` is its row (caller's numbering).
 * @throws {NotQuasiDefiniteError} when a pivot has the sign opposite to `signs`: `.pivot` is its row.
 * @throws {OutOfMemoryError} when WebAssembly memory cannot hold the factorization even with other
 * factorizations copied out (see the working set in the README).
 */
export function sparseLdlt(A: SparseMatrix, options?: SparseLdltOptions): SparseLdlt {
  return sparseLdltOf(A, options, 'A');
}

/** {@link sparseLdlt} with A called `name` in errors (the solver layer's ∂F/∂y, hessian). */
export function sparseLdltOf(A: SparseMatrix, options: SparseLdltOptions | undefined, name: string): SparseLdlt {
  asSquareSparse(A, name);
  const opts = asOptions(options);
  const analysis = analyse(A, orderingOf(opts), name);
  let rule: PivotRule;
  try {
    rule = pivotRule(opts, analysis.sym);
  } catch (error) {
    free(analysis.ptr);
    throw error;
  }
  const regularized = regularizedOrThrow(factorAnalysed(analysis, A.values, rule), analysis.sym, name);
  return new SparseLdltFactorization(analysis, rule, regularized);
}

function pivotRule(opts: SparseLdltOptions, sym: Symbolic): PivotRule {
  const n = sym.n;
  let signs: Int32Array | undefined;
  if (opts.signs !== undefined) {
    const s = opts.signs;
    if (s === null || typeof s.length !== 'number') throw new ArgumentError('signs must be an array of −1, 0 or 1');
    if (s.length !== n) throw new ArgumentError(`signs has length ${s.length}, expected n = ${n}`);
    signs = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const v = s[sym.permutation[k]];
      if (v !== 1 && v !== -1 && v !== 0) {
        throw new ArgumentError(`signs[${sym.permutation[k]}] is ${String(v)}; signs must be −1, 0 or 1`);
      }
      signs[k] = v;
    }
  }
  const reg = opts.regularize;
  if (reg === undefined) return { signs, eps: 0, delta: 0 };
  if (reg === null || typeof reg !== 'object') throw new ArgumentError('regularize must be an object { eps, delta }');
  if (signs === undefined)
    throw new ArgumentError('regularize needs signs: the sign each regularized pivot should take');
  const { eps, delta } = reg;
  if (typeof eps !== 'number' || !Number.isFinite(eps) || eps < 0) {
    throw new ArgumentError(`regularize.eps must be a finite number ≥ 0, got ${String(eps)}`);
  }
  if (typeof delta !== 'number' || !Number.isFinite(delta) || !(delta > 0)) {
    throw new ArgumentError(`regularize.delta must be a finite number > 0, got ${String(delta)}`);
  }
  return { signs, eps, delta };
}

/** The number of regularized pivots of a factorization of `name`, or the error of its failure. */
function regularizedOrThrow(outcome: NumericOutcome, sym: Symbolic, name: string): number {
  if (outcome.ok) return outcome.regularized;
  const pivot = sym.permutation[outcome.column];
  const where = `the pivot of row ${pivot} (0-based; pivot ${outcome.column} in the elimination order)`;
  if (outcome.kind === 'sign') {
    throw new NotQuasiDefiniteError(
      `${name} is not quasi-definite with the given signs: ${where} has the opposite sign`,
      pivot,
    );
  }
  throw new SingularMatrixError(`${name} has a zero pivot without pivoting: ${where} is 0 or not finite`, pivot);
}
