import { copyNumbers, describe, notAVector, vectorLength } from '../check/entries.js';
import { ArgumentError, NonFiniteError, ShapeError } from '../errors.js';

/**
 * A dense float64 matrix stored row-major: element (i, j) is `data[i * cols + j]`, the layout of
 * ml-matrix, tfjs and jax-js. The object is a thin view: `data` is the storage, shared, not copied,
 * when one is passed to the constructor.
 */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Row-major storage, `rows * cols` elements. */
  readonly data: Float64Array;

  /**
   * A `rows × cols` matrix over `data` (row-major), or filled with zeros when `data` is omitted.
   * A `Float64Array` is used as storage without copying; a `Float32Array` or an array of numbers is
   * copied (nothing else is accepted: see the README's validation rules).
   * @throws {ShapeError} when a dimension is not a non-negative integer or `data` has the wrong length.
   * @throws {ArgumentError} when `data` is not a vector of numbers (an entry `null`, a string, …).
   */
  constructor(rows: number, cols: number, data?: Float64Array | ArrayLike<number>) {
    checkDimension(rows, 'rows');
    checkDimension(cols, 'cols');
    this.rows = rows;
    this.cols = cols;
    if (data === undefined) {
      this.data = new Float64Array(rows * cols);
      return;
    }
    const length = vectorLength(data);
    if (length === undefined) throw notAVector(data, 'data');
    if (length !== rows * cols) {
      throw new ShapeError(`data has length ${length}, expected rows * cols = ${rows} * ${cols} = ${rows * cols}`);
    }
    if (data instanceof Float64Array) this.data = data;
    else {
      this.data = new Float64Array(length);
      copyNumbers(data, this.data, 0, 'data');
    }
  }

  /**
   * A matrix copied from an array of rows, each a Float64Array, a Float32Array or an array of numbers.
   * @throws {ArgumentError} when `rows` is not an array, a row is not a vector of numbers, or an
   * entry is not a number (`null`, a boolean, a string, a nested array, a hole, a BigInt).
   * @throws {ShapeError} when the rows have different lengths (ragged).
   */
  static from(rows: ArrayLike<ArrayLike<number>>, name = 'rows'): Matrix {
    if (!Array.isArray(rows)) {
      throw new ArgumentError(`${name} must be a Matrix or an array of rows, got ${describe(rows)}`);
    }
    const m = rows.length;
    const n = m === 0 ? 0 : rowLength(rows, 0, name);
    const data = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const length = rowLength(rows, i, name);
      if (length !== n) {
        throw new ShapeError(`${name} is ragged: row 0 has ${n} entries but row ${i} has ${length}`);
      }
      copyNumbers(rows[i], data, i * n, `${name}[${i}]`);
    }
    return new Matrix(m, n, data);
  }

  /** The n × n identity matrix. */
  static identity(n: number): Matrix {
    checkDimension(n, 'n');
    const I = new Matrix(n, n);
    for (let i = 0; i < n; i++) I.data[i * n + i] = 1;
    return I;
  }

  /**
   * Element (i, j), 0-based.
   * @throws {ShapeError} when (i, j) lies outside the matrix.
   */
  get(i: number, j: number): number {
    return this.data[this.index(i, j)];
  }

  /**
   * Sets element (i, j), 0-based, to `value`.
   * @throws {ShapeError} when (i, j) lies outside the matrix.
   * @throws {ArgumentError} when `value` is not a number.
   * @throws {NonFiniteError} when `value` is NaN or infinite.
   */
  set(i: number, j: number, value: number): void {
    const at = this.index(i, j);
    if (typeof value !== 'number')
      throw new ArgumentError(`value for (${i}, ${j}) is ${describe(value)}, not a number`);
    if (!Number.isFinite(value)) throw new NonFiniteError(`value for (${i}, ${j}) is ${value}`);
    this.data[at] = value;
  }

  /** A new matrix, the transpose. */
  transpose(): Matrix {
    const { rows: m, cols: n, data: a } = this;
    const t = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const row = i * n;
      for (let j = 0; j < n; j++) t[j * m + i] = a[row + j];
    }
    return new Matrix(n, m, t);
  }

  /** A new array of rows. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  private index(i: number, j: number): number {
    if (!Number.isInteger(i) || !Number.isInteger(j) || i < 0 || j < 0 || i >= this.rows || j >= this.cols) {
      throw new ShapeError(`index (${describe(i)}, ${describe(j)}) is outside a ${this.rows} × ${this.cols} matrix`);
    }
    return i * this.cols + j;
  }
}

/** A `Matrix` or an array of rows. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** A vector: a `Float64Array` or any array-like of numbers. */
export type VectorLike = Float64Array | ArrayLike<number>;

/** The length of row i of `rows`. @throws {ArgumentError} when it is not a vector. */
function rowLength(rows: readonly unknown[], i: number, name: string): number {
  const length = vectorLength(rows[i]);
  if (length === undefined) throw notAVector(rows[i], `${name}[${i}]`);
  return length;
}

function checkDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShapeError(`${name} must be a non-negative integer, got ${describe(value)}`);
  }
}
