import { copyNumbers, describe, notAVector, VECTOR_KINDS, vectorLength } from '../check/entries.js';
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
  const { rows, cols, data } = M ?? ({} as DenseLike);
  if (!(data instanceof Float64Array) || !Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
    throw new ArgumentError(`denseOperator: M must be a Matrix (rows, cols, a Float64Array data), got ${describe(M)}`);
  }
  if (data.length !== rows * cols) {
    throw new ShapeError(
      `denseOperator: M.data has length ${data.length}, expected ${rows} × ${cols} = ${rows * cols}`,
    );
  }
  const op: LinearOperator = {
    rows,
    cols,
    tags,
    matvec: (v: Float64Array): Float64Array => gemvRows(data, rows, cols, v, new Float64Array(rows)),
    rmatvec: (v: Float64Array): Float64Array => gemvTransposedRows(data, rows, cols, v, new Float64Array(cols)),
  };
  validateOperator(op, 'denseOperator');
  return op;
}

/**
 * The transpose Aᵀ as an operator: `rmatvec` and `matvec` swapped, or A itself when A is tagged
 * symmetric.
 * @throws {ArgumentError} naming `name` when A has neither.
 */
export function transposeOperator(A: LinearOperator, name: string): LinearOperator {
  validateOperator(A, name);
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
 * @throws {ArgumentError} when σ is not a number.
 * @throws {NonFiniteError} when σ is NaN or ±Infinity.
 */
export function shiftOperator(A: LinearOperator, sigma: number): LinearOperator {
  validateOperator(A, 'shiftOperator: A');
  if (typeof sigma !== 'number')
    throw new ArgumentError(`shiftOperator: sigma must be a number, got ${describe(sigma)}`);
  if (!Number.isFinite(sigma)) throw new NonFiniteError(`shiftOperator: sigma is ${sigma}; it must be finite`);
  if (A.rows !== A.cols) throw new ShapeError(`shiftOperator needs a square operator, got ${A.rows} × ${A.cols}`);
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
 * Checks `result` of a product of `name`: a vector (as every argument: a Float64Array, returned as
 * is, or a Float32Array or an array of numbers, copied) of length `length` with finite entries.
 * This is the one check of what a user's operator, preconditioner or callback returns, used by the
 * Krylov solvers and the implicit layer alike.
 * @throws {ArgumentError} when it is not a vector of numbers (naming `name`).
 * @throws {ShapeError} when its length is not `length`.
 * @throws {NonFiniteError} when an entry is NaN or ±Infinity.
 */
export function checkProduct(result: unknown, length: number, name: string): Float64Array {
  const n = vectorLength(result);
  if (n === undefined) throw new ArgumentError(`${name} must return ${VECTOR_KINDS}, got ${describe(result)}`);
  if (n !== length) throw new ShapeError(`${name} returned a vector of length ${n}, expected ${length}`);
  let r: Float64Array;
  if (result instanceof Float64Array) r = result;
  else {
    r = new Float64Array(n);
    copyNumbers(result, r, 0, name, true);
  }
  for (let i = 0; i < n; i++) {
    const v = r[i];
    // v − v is 0 for finite v and NaN for NaN and ±Infinity
    if (v - v !== 0) throw new NonFiniteError(`${name} returned ${v} at index ${i}`);
  }
  return r;
}

/** Operators made by {@link checkedOperator}: wrapping one again would only repeat the checks. */
const checked = new WeakSet<LinearOperator>();

/**
 * Wraps a user's operator so that every product is checked by {@link checkProduct} (naming
 * `name.matvec` or `name.rmatvec`), and `rmatvec` of a symmetric operator falls back to `matvec`.
 * An operator this function made is returned as is.
 * @throws {ArgumentError} or {@link ShapeError} as {@link validateOperator}.
 */
export function checkedOperator(A: LinearOperator, name: string): LinearOperator {
  if (checked.has(A)) return A;
  validateOperator(A, name);
  const rmatvec = A.rmatvec;
  const symmetric = isSymmetric(A);
  const op: LinearOperator = {
    rows: A.rows,
    cols: A.cols,
    tags: A.tags,
    // The user's products get a copy of v: one that writes into its argument cannot change the caller's vector.
    matvec: (v) => checkProduct(A.matvec(v.slice()), A.rows, `${name}.matvec`),
    rmatvec:
      typeof rmatvec === 'function'
        ? (v) => checkProduct(rmatvec.call(A, v.slice()), A.cols, `${name}.rmatvec`)
        : symmetric
          ? (v) => checkProduct(A.matvec(v.slice()), A.rows, `${name}.matvec`)
          : undefined,
  };
  checked.add(op);
  return op;
}

const TAGS: readonly OperatorTag[] = ['symmetric', 'positive-definite'];

/**
 * Checks that A is a {@link LinearOperator}: sizes non-negative integers (A square when `square`),
 * `matvec` a function, `rmatvec` a function or absent, `tags` an array of known tags or absent.
 * @throws {ArgumentError} when it is not an operator, or `rmatvec` or `tags` are of the wrong kind.
 * @throws {ShapeError} on invalid sizes, or a non-square A when `square`.
 */
export function validateOperator(A: LinearOperator, name: string, square = false): void {
  if (!isLinearOperator(A)) throw new ArgumentError(`${name} must be a Matrix or a LinearOperator, got ${describe(A)}`);
  if (!Number.isInteger(A.rows) || A.rows < 0 || !Number.isInteger(A.cols) || A.cols < 0) {
    throw new ShapeError(`${name} has invalid size ${A.rows} × ${A.cols}`);
  }
  if (A.rmatvec !== undefined && typeof A.rmatvec !== 'function') {
    throw new ArgumentError(`${name}.rmatvec must be a function or absent, got ${describe(A.rmatvec)}`);
  }
  const tags: unknown = A.tags;
  if (tags !== undefined && (!Array.isArray(tags) || !tags.every((t) => TAGS.includes(t)))) {
    throw new ArgumentError(
      `${name}.tags must be an array of 'symmetric' and 'positive-definite', got ${describe(tags)}`,
    );
  }
  if (square && A.rows !== A.cols) throw new ShapeError(`${name} must be square, got ${A.rows} × ${A.cols}`);
}

/** The preconditioner as a function r ↦ P r, checked for length and finite values; undefined when absent. */
export function preconditionerFunction(
  P: Preconditioner | undefined,
  n: number,
): ((r: Float64Array) => Float64Array) | undefined {
  if (P === undefined) return undefined;
  if (typeof P === 'function') return (r) => checkProduct(P(r.slice()), n, 'preconditioner');
  if (!isLinearOperator(P)) {
    throw new ArgumentError(`preconditioner must be a function or a LinearOperator, got ${describe(P)}`);
  }
  validateOperator(P, 'preconditioner', true);
  if (P.rows !== n) throw new ShapeError(`preconditioner is ${P.rows} × ${P.cols}, expected ${n} × ${n}`);
  return (r) => checkProduct(P.matvec(r.slice()), n, 'preconditioner.matvec');
}

/**
 * The Jacobi (diagonal) preconditioner r ↦ r ./ d for an operator with diagonal d.
 * @throws {ArgumentError} on a zero or non-finite diagonal entry.
 */
export function jacobiPreconditioner(diagonal: ArrayLike<number>): (r: Float64Array) => Float64Array {
  const length = vectorLength(diagonal);
  if (length === undefined) throw notAVector(diagonal, 'jacobiPreconditioner: diagonal');
  const inv = new Float64Array(length);
  for (let i = 0; i < inv.length; i++) {
    const d = diagonal[i];
    if (typeof d !== 'number' || !Number.isFinite(d) || d === 0) {
      throw new ArgumentError(`jacobiPreconditioner: diagonal[${i}] = ${d} cannot be inverted`);
    }
    inv[i] = 1 / d;
  }
  return (r) => {
    if (r.length !== inv.length) {
      throw new ShapeError(`jacobiPreconditioner: r has length ${r.length}, expected ${inv.length} (the diagonal's)`);
    }
    const out = new Float64Array(r.length);
    for (let i = 0; i < r.length; i++) out[i] = r[i] * inv[i];
    return out;
  };
}
