import { ArgumentError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite, asVector } from '../linalg/validate.js';

/** Largest number of stored entries: indices and column pointers are 32-bit integers. */
const MAX_NNZ = 2 ** 31 - 1;

/** Options of {@link SparseMatrix.fromDense}. */
export interface FromDenseOptions {
  /** Entries with |a_ij| ≤ dropTolerance are not stored (default 0: exact zeros are dropped). */
  dropTolerance?: number;
}

/**
 * A sparse float64 matrix in compressed sparse columns (CSC, the layout of SciPy's `csc_matrix`,
 * CHOLMOD and CSparse): the entries of column j are `values[colPtr[j] .. colPtr[j+1])`, in rows
 * `rowIndex[...]`, sorted increasingly and without duplicates. Indices are 32-bit integers. The
 * object is immutable by contract: its arrays are shared with the caller when passed as typed
 * arrays, and must not be modified afterwards.
 */
export class SparseMatrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Column pointers, `cols + 1` entries: column j is `colPtr[j] .. colPtr[j+1]`. */
  readonly colPtr: Int32Array;
  /** Row index of each stored entry, increasing within each column. */
  readonly rowIndex: Int32Array;
  /** Value of each stored entry. */
  readonly values: Float64Array;

  /**
   * A matrix from its CSC arrays, checked: `colPtr` starts at 0 and never decreases, row indices
   * are integers in [0, rows), strictly increasing within each column, values finite. Typed arrays
   * are used as storage without copying; other array-likes are copied.
   * @param rows - number of rows, a non-negative integer.
   * @param cols - number of columns, a non-negative integer.
   * @param colPtr - `cols + 1` column pointers.
   * @param rowIndex - row index of each entry.
   * @param values - value of each entry.
   * @throws {ShapeError} when a dimension is not a non-negative integer, an array has the wrong
   * length, or a row index is outside [0, rows).
   * @throws {ArgumentError} when a pointer or index is not an integer, `colPtr` is not
   * non-decreasing from 0, or a column's rows are not strictly increasing.
   * @throws {NonFiniteError} when a value is NaN or ±Infinity.
   */
  constructor(
    rows: number,
    cols: number,
    colPtr: Int32Array | ArrayLike<number>,
    rowIndex: Int32Array | ArrayLike<number>,
    values: Float64Array | ArrayLike<number>,
  ) {
    checkDimension(rows, 'rows');
    checkDimension(cols, 'cols');
    const p = asIndexArray(colPtr, 'colPtr');
    const ri = asIndexArray(rowIndex, 'rowIndex');
    const v = values instanceof Float64Array ? values : Float64Array.from(arrayLike(values, 'values'));
    if (p.length !== cols + 1) throw new ShapeError(`colPtr has length ${p.length}, expected cols + 1 = ${cols + 1}`);
    if (v.length !== ri.length) {
      throw new ShapeError(`values has length ${v.length} but rowIndex has length ${ri.length}; they must match`);
    }
    if (p[0] !== 0) throw new ArgumentError(`colPtr[0] is ${p[0]}, expected 0`);
    if (p[cols] !== ri.length) {
      throw new ShapeError(`colPtr[${cols}] is ${p[cols]} but rowIndex has length ${ri.length}; they must match`);
    }
    for (let j = 0; j < cols; j++) {
      const start = p[j];
      const end = p[j + 1];
      if (end < start)
        throw new ArgumentError(`colPtr decreases at column ${j}: colPtr[${j}] = ${start}, colPtr[${j + 1}] = ${end}`);
      let previous = -1;
      for (let q = start; q < end; q++) {
        const i = ri[q];
        if (i < 0 || i >= rows) throw new ShapeError(`rowIndex[${q}] is ${i}, outside [0, ${rows}) (column ${j})`);
        if (i <= previous) {
          throw new ArgumentError(
            `rowIndex must increase within each column: column ${j} has row ${i} after row ${previous} (rowIndex[${q}]); use SparseMatrix.fromTriplets to sort and sum duplicates`,
          );
        }
        previous = i;
      }
    }
    assertFinite(v, 'values');
    this.rows = rows;
    this.cols = cols;
    this.colPtr = p;
    this.rowIndex = ri;
    this.values = v;
  }

  /** Number of stored entries (explicit zeros included). */
  get nnz(): number {
    return this.rowIndex.length;
  }

  /**
   * A matrix from triplets (rowIndex[k], colIndex[k], values[k]): entries are sorted into columns,
   * and duplicates of one position are summed (as SciPy's `coo_matrix` → `csc`). Stored entries
   * that sum to zero are kept, so that the pattern depends on the positions only.
   * @throws {ShapeError} when a dimension is not a non-negative integer, the three arrays differ in
   * length, or an index lies outside the matrix.
   * @throws {ArgumentError} when an index is not an integer, or `values` is not a vector of numbers.
   * @throws {NonFiniteError} when a value is NaN or ±Infinity.
   */
  static fromTriplets(
    rows: number,
    cols: number,
    rowIndex: ArrayLike<number>,
    colIndex: ArrayLike<number>,
    values: ArrayLike<number>,
  ): SparseMatrix {
    checkDimension(rows, 'rows');
    checkDimension(cols, 'cols');
    arrayLike(rowIndex, 'rowIndex');
    arrayLike(colIndex, 'colIndex');
    // Values are a vector of numbers as every argument is (nothing coerced: see check/entries.ts).
    const vals = asVector(values, 'values');
    const t = rowIndex.length;
    if (colIndex.length !== t || vals.length !== t) {
      throw new ShapeError(
        `rowIndex, colIndex and values must have one length, got ${t}, ${colIndex.length} and ${vals.length}`,
      );
    }
    if (t > MAX_NNZ) throw new ShapeError(`${t} triplets are more than the ${MAX_NNZ} a SparseMatrix can index`);
    for (let k = 0; k < t; k++) {
      checkIndex(rowIndex[k], rows, 'rowIndex', k);
      checkIndex(colIndex[k], cols, 'colIndex', k);
    }
    assertFinite(vals, 'values');
    // Bucket by row, then by column (a stable counting sort twice): columns come out with their
    // rows in increasing order, duplicates adjacent.
    const rowPtr = new Int32Array(rows + 1);
    for (let k = 0; k < t; k++) rowPtr[rowIndex[k] + 1]++;
    for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i];
    const byRow = new Int32Array(t);
    const next = rowPtr.slice(0, rows);
    for (let k = 0; k < t; k++) byRow[next[rowIndex[k]]++] = k;
    const colCount = new Int32Array(cols + 1);
    for (let k = 0; k < t; k++) colCount[colIndex[k] + 1]++;
    for (let j = 0; j < cols; j++) colCount[j + 1] += colCount[j];
    const order = new Int32Array(t);
    const fill = colCount.slice(0, cols);
    for (let q = 0; q < t; q++) {
      const k = byRow[q];
      order[fill[colIndex[k]]++] = k;
    }
    const colPtr = new Int32Array(cols + 1);
    const ri = new Int32Array(t);
    const v = new Float64Array(t);
    let nz = 0;
    for (let j = 0; j < cols; j++) {
      const start = nz;
      for (let q = colCount[j]; q < colCount[j + 1]; q++) {
        const k = order[q];
        const i = rowIndex[k];
        if (nz > start && ri[nz - 1] === i) v[nz - 1] += vals[k];
        else {
          ri[nz] = i;
          v[nz] = vals[k];
          nz++;
        }
      }
      colPtr[j + 1] = nz;
    }
    return new SparseMatrix(rows, cols, colPtr, ri.slice(0, nz), v.slice(0, nz));
  }

  /**
   * The entries of a dense matrix with |a_ij| > dropTolerance.
   * @throws {ShapeError} when `A` is not a matrix or its rows are ragged.
   * @throws {ArgumentError} when `dropTolerance` is not a finite non-negative number.
   * @throws {NonFiniteError} when `A` holds NaN or ±Infinity.
   */
  static fromDense(A: MatrixLike, options: FromDenseOptions = {}): SparseMatrix {
    const M = asMatrix(A, 'A');
    if (options === null || typeof options !== 'object') {
      throw new ArgumentError(`options must be an object, got ${String(options)}`);
    }
    const tol = options.dropTolerance ?? 0;
    if (typeof tol !== 'number' || !(tol >= 0) || !Number.isFinite(tol)) {
      throw new ArgumentError(`dropTolerance must be a finite number ≥ 0, got ${String(tol)}`);
    }
    assertFinite(M.data, 'A', M.cols);
    const { rows, cols, data } = M;
    let nz = 0;
    for (let q = 0; q < data.length; q++) if (Math.abs(data[q]) > tol) nz++;
    const colPtr = new Int32Array(cols + 1);
    const ri = new Int32Array(nz);
    const v = new Float64Array(nz);
    let q = 0;
    for (let j = 0; j < cols; j++) {
      for (let i = 0; i < rows; i++) {
        const a = data[i * cols + j];
        if (Math.abs(a) > tol) {
          ri[q] = i;
          v[q++] = a;
        }
      }
      colPtr[j + 1] = q;
    }
    return new SparseMatrix(rows, cols, colPtr, ri, v);
  }

  /** The matrix as a dense row-major `Matrix` (rows × cols). */
  toDense(): Matrix {
    const M = new Matrix(this.rows, this.cols);
    const { colPtr, rowIndex, values } = this;
    const cols = this.cols;
    for (let j = 0; j < cols; j++)
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) M.data[rowIndex[q] * cols + j] = values[q];
    return M;
  }

  /** Aᵀ as a new `SparseMatrix` (the CSC of Aᵀ is the compressed rows of A). */
  transpose(): SparseMatrix {
    const { rows, cols, colPtr, rowIndex, values } = this;
    const tp = new Int32Array(rows + 1);
    for (let q = 0; q < rowIndex.length; q++) tp[rowIndex[q] + 1]++;
    for (let i = 0; i < rows; i++) tp[i + 1] += tp[i];
    const fill = tp.slice(0, rows);
    const ti = new Int32Array(rowIndex.length);
    const tv = new Float64Array(rowIndex.length);
    for (let j = 0; j < cols; j++) {
      for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
        const at = fill[rowIndex[q]]++;
        ti[at] = j;
        tv[at] = values[q];
      }
    }
    return new SparseMatrix(cols, rows, tp, ti, tv);
  }

  /**
   * y = A·x (or Aᵀ·x with `transpose`), O(nnz).
   * @param x - length cols (rows when transposed).
   * @param transpose - multiply by Aᵀ.
   * @param out - optional result array of length rows (cols when transposed), overwritten.
   * @throws {ShapeError} when x or out has the wrong length.
   * @throws {NonFiniteError} when x holds NaN or ±Infinity.
   */
  matvec(x: VectorLike, transpose = false, out?: Float64Array): Float64Array {
    const { rows, cols, colPtr, rowIndex, values } = this;
    const v = asVector(x, 'x', transpose ? rows : cols);
    assertFinite(v, 'x');
    const m = transpose ? cols : rows;
    if (out !== undefined && (!(out instanceof Float64Array) || out.length !== m)) {
      throw new ShapeError(`out must be a Float64Array of length ${m}`);
    }
    const y = out ?? new Float64Array(m);
    if (transpose) {
      for (let j = 0; j < cols; j++) {
        let s = 0;
        for (let q = colPtr[j]; q < colPtr[j + 1]; q++) s += values[q] * v[rowIndex[q]];
        y[j] = s;
      }
    } else {
      y.fill(0);
      for (let j = 0; j < cols; j++) {
        const xj = v[j];
        if (xj === 0) continue;
        for (let q = colPtr[j]; q < colPtr[j + 1]; q++) y[rowIndex[q]] += values[q] * xj;
      }
    }
    return y;
  }

  /**
   * y = Aᵀ·x, so that a SparseMatrix serves wherever a {@link LinearOperator}-like operand is taken.
   * @throws {ShapeError} when x has the wrong length.
   * @throws {NonFiniteError} when x holds NaN or ±Infinity.
   */
  rmatvec(x: VectorLike): Float64Array {
    return this.matvec(x, true);
  }
}

/**
 * A + σ·I for a square A, with the diagonal entries that A lacks added to the pattern.
 * @throws {ShapeError} when A is not square.
 */
export function addDiagonal(A: SparseMatrix, sigma: number): SparseMatrix {
  const n = A.rows;
  if (A.cols !== n) throw new ShapeError(`the matrix must be square to shift its diagonal, got ${n} × ${A.cols}`);
  const { colPtr, rowIndex, values } = A;
  let missing = 0;
  for (let j = 0; j < n; j++) {
    let found = false;
    for (let q = colPtr[j]; q < colPtr[j + 1] && !found; q++) found = rowIndex[q] === j;
    if (!found) missing++;
  }
  const p = new Int32Array(n + 1);
  const ri = new Int32Array(A.nnz + missing);
  const v = new Float64Array(A.nnz + missing);
  let nz = 0;
  for (let j = 0; j < n; j++) {
    let placed = false;
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      const i = rowIndex[q];
      if (!placed && i > j) {
        ri[nz] = j;
        v[nz++] = sigma;
        placed = true;
      }
      ri[nz] = i;
      v[nz++] = i === j ? values[q] + sigma : values[q];
      if (i === j) placed = true;
    }
    if (!placed) {
      ri[nz] = j;
      v[nz++] = sigma;
    }
    p[j + 1] = nz;
  }
  return new SparseMatrix(n, n, p, ri, v);
}

function checkDimension(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_NNZ) {
    throw new ShapeError(`${name} must be a non-negative integer below 2^31, got ${String(value)}`);
  }
}

function checkIndex(value: number, size: number, name: string, k: number): void {
  if (!Number.isInteger(value)) throw new ArgumentError(`${name}[${k}] is ${String(value)}, not an integer`);
  if (value < 0 || value >= size) throw new ShapeError(`${name}[${k}] is ${value}, outside [0, ${size})`);
}

function arrayLike<T>(value: ArrayLike<T>, name: string): ArrayLike<T> {
  if (value == null || typeof (value as ArrayLike<T>).length !== 'number') {
    throw new ArgumentError(`${name} must be an array, got ${value === null ? 'null' : typeof value}`);
  }
  return value;
}

/** An Int32Array as is, or an array of integers copied into one. */
function asIndexArray(value: Int32Array | ArrayLike<number>, name: string): Int32Array {
  if (value instanceof Int32Array) return value;
  arrayLike(value, name);
  const out = new Int32Array(value.length);
  for (let k = 0; k < value.length; k++) {
    const x = value[k];
    if (!Number.isInteger(x) || x < -MAX_NNZ || x > MAX_NNZ) {
      throw new ArgumentError(`${name}[${k}] is ${String(x)}, not a 32-bit integer`);
    }
    out[k] = x;
  }
  return out;
}
