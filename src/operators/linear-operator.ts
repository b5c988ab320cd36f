import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';
import { gemvRows, gemvTransposedRows } from '../linalg/dense-products.js';

/**
 * Structure tags of a linear operator, as Lineax's: they pick the solver. `'positive-definite'`
 * means symmetric positive definite (it implies `'symmetric'`).
 */
export type OperatorTag = 'symmetric' | 'positive-definite';

/**
 * A linear map A: R^cols → R^rows known only through its products, so that no dense matrix needs
 * to exist. `matvec(v)` returns A v (length `rows`); `rmatvec(v)`, when present, returns Aᵀ v
 * (length `cols`). An operator tagged `'symmetric'` or `'positive-definite'` needs no `rmatvec`:
 * Aᵀ v = A v.
 */
export interface LinearOperator {
  readonly rows: number;
  readonly cols: number;
  matvec(v: Float64Array): Float64Array;
  rmatvec?(v: Float64Array): Float64Array;
  readonly tags?: readonly OperatorTag[];
}

/** A dense row-major matrix as the operators see it (the `Matrix` class satisfies it). */
export interface DenseLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * A preconditioner P ≈ A⁻¹, applied as r ↦ P r: a function or an operator whose `matvec` applies P.
 * CG and MINRES need P symmetric positive definite.
 */
export type Preconditioner = LinearOperator | ((r: Float64Array) => Float64Array);

/** True when `value` has the shape of a {@link LinearOperator} (a `matvec` method and sizes). */
export function isLinearOperator(value: unknown): value is LinearOperator {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<LinearOperator>;
  return typeof v.matvec === 'function' && typeof v.rows === 'number' && typeof v.cols === 'number';
}

/** True when the operator is tagged symmetric (or symmetric positive definite). */
export function isSymmetric(A: LinearOperator): boolean {
  const tags = A.tags;
  return tags !== undefined && (tags.includes('symmetric') || tags.includes('positive-definite'));
}

/** True when the operator is tagged symmetric positive definite. */
export function isPositiveDefinite(A: LinearOperator): boolean {
  return A.tags?.includes('positive-definite') === true;
}

/**
 * The operator of a dense row-major matrix M: `matvec(v)` = M v, `rmatvec(v)` = Mᵀ v, each one
 * pass over M in storage order.
 */
export function denseOperator(M: DenseLike, tags?: readonly OperatorTag[]): LinearOperator {
  const { rows, cols, data } = M;
  return {
    rows,
    cols,
    tags,
    matvec: (v: Float64Array): Float64Array => gemvRows(data, rows, cols, v, new Float64Array(rows)),
    rmatvec: (v: Float64Array): Float64Array => gemvTransposedRows(data, rows, cols, v, new Float64Array(cols)),
  };
}

/**
 * The transpose Aᵀ as an operator: `rmatvec` and `matvec` swapped, or A itself when A is tagged
 * symmetric.
 * @throws {ArgumentError} naming `name` when A has neither.
 */
export function transposeOperator(A: LinearOperator, name: string): LinearOperator {
  if (isSymmetric(A)) return A;
  const rmatvec = A.rmatvec;
  if (typeof rmatvec !== 'function') {
    throw new ArgumentError(
      `${name} is a LinearOperator without rmatvec and not tagged 'symmetric': its transpose is needed here; give rmatvec(v) = ${name}ᵀ v or a dense Matrix`,
    );
  }
  return {
    rows: A.cols,
    cols: A.rows,
    tags: A.tags,
    matvec: (v) => rmatvec.call(A, v),
    rmatvec: (v) => A.matvec(v),
  };
}

/**
 * A + σ I for a square operator A. Symmetry is kept; positive definiteness is kept when σ ≥ 0.
 * @throws {ShapeError} when A is not square.
 * @throws {ArgumentError} when σ is not a finite number.
 */
export function shiftOperator(A: LinearOperator, sigma: number): LinearOperator {
  if (A.rows !== A.cols) throw new ShapeError(`shiftOperator needs a square operator, got ${A.rows} × ${A.cols}`);
  if (typeof sigma !== 'number' || !Number.isFinite(sigma)) {
    throw new ArgumentError(`shiftOperator: sigma must be a finite number, got ${String(sigma)}`);
  }
  const tags: OperatorTag[] = [];
  if (isPositiveDefinite(A) && sigma >= 0) tags.push('positive-definite');
  else if (isSymmetric(A)) tags.push('symmetric');
  const shifted = (v: Float64Array, Av: Float64Array): Float64Array => {
    for (let i = 0; i < Av.length; i++) Av[i] += sigma * v[i];
    return Av;
  };
  const rmatvec = A.rmatvec;
  return {
    rows: A.rows,
    cols: A.cols,
    tags,
    matvec: (v) => shifted(v, Float64Array.from(A.matvec(v))),
    rmatvec: typeof rmatvec === 'function' ? (v) => shifted(v, Float64Array.from(rmatvec.call(A, v))) : undefined,
  };
}

/**
 * Checks `result` of a product of `name`: a Float64Array-like of length `length` with finite
 * entries. Throws {@link ShapeError} or {@link NonFiniteError} naming `name`.
 */
export function checkProduct(result: unknown, length: number, name: string): Float64Array {
  if (!(result instanceof Float64Array)) {
    if (result === null || typeof result !== 'object' || typeof (result as ArrayLike<number>).length !== 'number') {
      throw new ShapeError(`${name} must return a Float64Array or an array of numbers, got ${describe(result)}`);
    }
    result = Float64Array.from(result as ArrayLike<number>);
  }
  const r = result as Float64Array;
  if (r.length !== length) throw new ShapeError(`${name} returned a vector of length ${r.length}, expected ${length}`);
  for (let i = 0; i < r.length; i++) {
    const v = r[i];
    // v − v is 0 for finite v and NaN for NaN and ±Infinity
    if (v - v !== 0) throw new NonFiniteError(`${name} returned ${v} at index ${i}`);
  }
  return r;
}

/**
 * Wraps a user's operator so that every product is checked for length and finite entries (a
 * {@link ShapeError} or {@link NonFiniteError} naming `name`), and `rmatvec` of a symmetric
 * operator falls back to `matvec`.
 */
export function checkedOperator(A: LinearOperator, name: string): LinearOperator {
  validateOperator(A, name);
  const rmatvec = A.rmatvec;
  const symmetric = isSymmetric(A);
  return {
    rows: A.rows,
    cols: A.cols,
    tags: A.tags,
    matvec: (v) => checkProduct(A.matvec(v), A.rows, `${name}.matvec`),
    rmatvec:
      typeof rmatvec === 'function'
        ? (v) => checkProduct(rmatvec.call(A, v), A.cols, `${name}.rmatvec`)
        : symmetric
          ? (v) => checkProduct(A.matvec(v), A.rows, `${name}.matvec`)
          : undefined,
  };
}

/** Throws {@link ShapeError} unless A's sizes are non-negative integers (and A is square when `square`). */
export function validateOperator(A: LinearOperator, name: string, square = false): void {
  if (!isLinearOperator(A)) throw new ShapeError(`${name} must be a Matrix or a LinearOperator, got ${describe(A)}`);
  if (!Number.isInteger(A.rows) || A.rows < 0 || !Number.isInteger(A.cols) || A.cols < 0) {
    throw new ShapeError(`${name} has invalid size ${A.rows} × ${A.cols}`);
  }
  if (square && A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
}

/** The preconditioner as a function r ↦ P r, checked for length and finite values; undefined when absent. */
export function preconditionerFunction(
  P: Preconditioner | undefined,
  n: number,
): ((r: Float64Array) => Float64Array) | undefined {
  if (P === undefined) return undefined;
  if (typeof P === 'function') return (r) => checkProduct(P(r), n, 'preconditioner');
  validateOperator(P, 'preconditioner', true);
  if (P.rows !== n) throw new ShapeError(`preconditioner is ${P.rows} × ${P.cols}, expected ${n} × ${n}`);
  return (r) => checkProduct(P.matvec(r), n, 'preconditioner.matvec');
}

/**
 * The Jacobi (diagonal) preconditioner r ↦ r ./ d for an operator with diagonal d.
 * @throws {ArgumentError} on a zero or non-finite diagonal entry.
 */
export function jacobiPreconditioner(diagonal: ArrayLike<number>): (r: Float64Array) => Float64Array {
  const inv = new Float64Array(diagonal.length);
  for (let i = 0; i < inv.length; i++) {
    const d = diagonal[i];
    if (!Number.isFinite(d) || d === 0) {
      throw new ArgumentError(`jacobiPreconditioner: diagonal[${i}] = ${d} cannot be inverted`);
    }
    inv[i] = 1 / d;
  }
  return (r) => {
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = r[i] * inv[i];
    return out;
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
