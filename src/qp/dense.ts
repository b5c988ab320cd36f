// Plain loops over row-major arrays for the O(n²) products of the interior-point method and the
// derivatives (matrix-vector products, dots, norms): each is one pass over its matrix, where a call
// into WebAssembly would first copy the matrix.

/** out = M·x with M rows × cols (row-major). */
export function multiply(
  M: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  out: Float64Array,
): Float64Array {
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const row = i * cols;
    for (let j = 0; j < cols; j++) s += M[row + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** out = Mᵀ·y with M rows × cols (row-major); out has length cols. */
export function multiplyTransposed(
  M: Float64Array,
  rows: number,
  cols: number,
  y: Float64Array,
  out: Float64Array,
): Float64Array {
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const yi = y[i];
    if (yi === 0) continue;
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j] += M[row + j] * yi;
  }
  return out;
}

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

export function normInf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}
