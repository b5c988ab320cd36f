import { NonFiniteError, ShapeError } from '../errors.js';

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
   * A `Float64Array` is used as storage without copying; any other array-like is copied.
   * @throws {ShapeError} when a dimension is not a non-negative integer or `data` has the wrong length.
   */
  constructor(rows: number, cols: number, data?: Float64Array | ArrayLike<number>) {
    checkDimension(rows, 'rows');
    checkDimension(cols, 'cols');
    if (data !== undefined && data.length !== rows * cols) {
      throw new ShapeError(`data has length ${data.length}, expected rows * cols = ${rows} * ${cols} = ${rows * cols}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data =
      data === undefined
        ? new Float64Array(rows * cols)
        : data instanceof Float64Array
          ? data
          : Float64Array.from(data);
  }

  /**
   * A matrix copied from an array of rows.
   * @throws {ShapeError} when the rows have different lengths (ragged).
   */
  static from(rows: ArrayLike<ArrayLike<number>>, name = 'rows'): Matrix {
    const m = rows.length;
    const n = m === 0 ? 0 : rows[0].length;
    const data = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      const row = rows[i];
      if (row == null || typeof row.length !== 'number') {
        throw new ShapeError(`${name}[${i}] is not an array of numbers`);
      }
      if (row.length !== n) {
        throw new ShapeError(`${name} is ragged: row 0 has ${n} entries but row ${i} has ${row.length}`);
      }
      for (let j = 0; j < n; j++) data[i * n + j] = row[j];
    }
    return new Matrix(m, n, data);
  }

  /** The n × n identity matrix. */
  static identity(n: number): Matrix {
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
   * @throws {NonFiniteError} when `value` is NaN or infinite.
   */
  set(i: number, j: number, value: number): void {
    if (!Number.isFinite(value)) throw new NonFiniteError(`value for (${i}, ${j}) is ${value}`);
    this.data[this.index(i, j)] = value;
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
      throw new ShapeError(`index (${i}, ${j}) is outside a ${this.rows} × ${this.cols} matrix`);
    }
    return i * this.cols + j;
  }
}

/** A `Matrix` or an array of rows. */
export type MatrixLike = Matrix | ArrayLike<ArrayLike<number>>;

/** A vector: a `Float64Array` or any array-like of numbers. */
export type VectorLike = Float64Array | ArrayLike<number>;

function checkDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new ShapeError(`${name} must be a non-negative integer, got ${value}`);
  }
}
