// The seeded sparse problems of bench/sparse.mjs, as full symmetric CSC arrays
// { n, colPtr, rowIndex, values } (sorted rows), and what the contenders read from them.
import { writeFileSync } from 'node:fs';
import { rng } from './random.mjs';

/** A CSC matrix from per-column lists of [row, value], each sorted by row. */
function fromColumns(n, columns) {
  const colPtr = new Int32Array(n + 1);
  let nnz = 0;
  for (let j = 0; j < n; j++) {
    nnz += columns[j].length;
    colPtr[j + 1] = nnz;
  }
  const rowIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let q = 0;
  for (let j = 0; j < n; j++) {
    for (const [i, v] of columns[j]) {
      rowIndex[q] = i;
      values[q++] = v;
    }
  }
  return { n, colPtr, rowIndex, values };
}

/** The five-point Laplacian of an m × m grid (Dirichlet), n = m². */
export function laplacian2d(m) {
  const n = m * m;
  const columns = new Array(n);
  for (let j = 0; j < n; j++) {
    const a = Math.floor(j / m);
    const b = j % m;
    const col = [];
    if (a > 0) col.push([j - m, -1]);
    if (b > 0) col.push([j - 1, -1]);
    col.push([j, 4]);
    if (b < m - 1) col.push([j + 1, -1]);
    if (a < m - 1) col.push([j + m, -1]);
    columns[j] = col;
  }
  return fromColumns(n, columns);
}

/** The seven-point Laplacian of a k × k × k grid, n = k³. */
export function laplacian3d(k) {
  const n = k * k * k;
  const columns = new Array(n);
  const k2 = k * k;
  for (let j = 0; j < n; j++) {
    const a = Math.floor(j / k2);
    const b = Math.floor(j / k) % k;
    const c = j % k;
    const col = [];
    if (a > 0) col.push([j - k2, -1]);
    if (b > 0) col.push([j - k, -1]);
    if (c > 0) col.push([j - 1, -1]);
    col.push([j, 6]);
    if (c < k - 1) col.push([j + 1, -1]);
    if (b < k - 1) col.push([j + k, -1]);
    if (a < k - 1) col.push([j + k2, -1]);
    columns[j] = col;
  }
  return fromColumns(n, columns);
}

/**
 * A random sparse SPD matrix: `perRow` random off-diagonal entries per row in a band of width
 * `band` around the diagonal (mirrored), and a diagonal that dominates.
 */
export function randomSpd(n, perRow, band, seed) {
  const random = rng(seed);
  const cols = Array.from({ length: n }, () => new Map());
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < perRow; t++) {
      const j = Math.min(n - 1, Math.max(0, i + Math.floor((random() - 0.5) * 2 * band)));
      if (j === i) continue;
      const v = -random();
      cols[j].set(i, v);
      cols[i].set(j, v);
    }
  }
  const columns = new Array(n);
  for (let j = 0; j < n; j++) {
    let s = 1;
    for (const v of cols[j].values()) s += Math.abs(v);
    cols[j].set(j, s);
    columns[j] = [...cols[j].entries()].sort((x, y) => x[0] - y[0]);
  }
  return fromColumns(n, columns);
}

/**
 * The quasi-definite KKT matrix [[H, Bᵀ], [B, −δI]] of an equality-constrained QP: H the 2D
 * Laplacian of an m × m grid plus I, B with p rows of 4 random entries each.
 */
export function kkt(m, p, delta, seed) {
  const H = laplacian2d(m);
  const nh = H.n;
  const n = nh + p;
  const random = rng(seed);
  const columns = Array.from({ length: n }, () => []);
  for (let j = 0; j < nh; j++) {
    for (let q = H.colPtr[j]; q < H.colPtr[j + 1]; q++) {
      const i = H.rowIndex[q];
      columns[j].push([i, i === j ? H.values[q] + 1 : H.values[q]]);
    }
  }
  // Each constraint couples the four corners of one random cell of the m × m grid, as a
  // discretized local constraint does. (Four uniformly random grid points per constraint make the
  // graph an expander: every ordering then fills L almost densely, which no sparse solver survives.)
  for (let r = 0; r < p; r++) {
    const row = nh + r;
    const cx = Math.floor(random() * (m - 1));
    const cy = Math.floor(random() * (m - 1));
    for (const j of [cy * m + cx, cy * m + cx + 1, (cy + 1) * m + cx, (cy + 1) * m + cx + 1]) {
      const v = random() - 0.5;
      columns[j].push([row, v]);
      columns[row].push([j, v]);
    }
    columns[row].push([row, -delta]);
  }
  for (const col of columns) col.sort((x, y) => x[0] - y[0]);
  return { ...fromColumns(n, columns), positive: nh, negative: p };
}

/** The lower triangle (diagonal included) of a full symmetric CSC matrix. */
export function lowerTriangle(A) {
  const colPtr = new Int32Array(A.n + 1);
  let nnz = 0;
  for (let j = 0; j < A.n; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) if (A.rowIndex[q] >= j) nnz++;
    colPtr[j + 1] = nnz;
  }
  const rowIndex = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  for (let j = 0; j < A.n; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
      if (A.rowIndex[q] < j) continue;
      rowIndex[p] = A.rowIndex[q];
      values[p++] = A.values[q];
    }
  }
  return { n: A.n, colPtr, rowIndex, values };
}

/** Writes the lower triangle in the binary format that bench/native/cholmod-bench.c reads. */
export function writeLowerBinary(path, L) {
  const head = new BigInt64Array([BigInt(L.n), BigInt(L.rowIndex.length)]);
  const parts = [head, L.colPtr, L.rowIndex, L.values].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength));
  writeFileSync(path, Buffer.concat(parts));
}

/** ‖b − A·x‖∞ / (‖A‖∞‖x‖∞ n ε), the LAPACK-style scaled residual, for a full symmetric CSC A. */
export function scaledResidual(A, x, b) {
  const r = Float64Array.from(b);
  let anorm = 0;
  const rowSum = new Float64Array(A.n);
  for (let j = 0; j < A.n; j++) {
    for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
      r[A.rowIndex[q]] -= A.values[q] * x[j];
      rowSum[A.rowIndex[q]] += Math.abs(A.values[q]);
    }
  }
  for (const s of rowSum) anorm = Math.max(anorm, s);
  let rn = 0;
  let xn = 0;
  for (let i = 0; i < A.n; i++) {
    rn = Math.max(rn, Math.abs(r[i]));
    xn = Math.max(xn, Math.abs(x[i]));
  }
  return rn / (anorm * xn * A.n * 2 ** -52);
}
