// Test helpers for the raw kernels (on strided Float64Arrays; test/helpers/random.ts and
// reference.ts hold the generator and the Matrix-level references): seeded random matrices, plain scalar references (written
// from the definitions, no SIMD, no blocking) and copies in and out of WASM memory.

import { allocF64, allocI32, f64View, free, i32View } from '../internal.js';
import { rng } from './random.js';

export { EPS } from './reference.js';

export { rng };

/** rows×cols values in [-1, 1) stored with leading dimension ld ≥ cols; padding holds `pad`. */
export function randomMatrix(
  rows: number,
  cols: number,
  ld: number,
  rand: () => number,
  pad = Number.NaN,
): Float64Array {
  const a = new Float64Array(Math.max(rows * ld, 0)).fill(pad);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) a[i * ld + j] = 2 * rand() - 1;
  return a;
}

/** A dense rows×cols copy (ld = cols) of a strided matrix. */
export function compact(a: Float64Array, rows: number, cols: number, ld: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = a[i * ld + j];
  return out;
}

/** C = A·B for dense row-major A (m×k), B (k×n). */
export function matmul(a: Float64Array, b: Float64Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      const aip = a[i * k + p];
      for (let j = 0; j < n; j++) c[i * n + j] += aip * b[p * n + j];
    }
  return c;
}

/** Dense transpose of an m×n matrix. */
export function transpose(a: Float64Array, m: number, n: number): Float64Array {
  const t = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) t[j * m + i] = a[i * n + j];
  return t;
}

/** ‖A‖₁ = max column sum of a dense m×n matrix. */
export function norm1(a: Float64Array, m: number, n: number): number {
  let best = 0;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < m; i++) s += Math.abs(a[i * n + j]);
    best = Math.max(best, s);
  }
  return best;
}

/** ‖A − B‖₁ for dense m×n matrices. */
export function diffNorm1(a: Float64Array, b: Float64Array, m: number, n: number): number {
  const d = new Float64Array(m * n);
  for (let i = 0; i < m * n; i++) d[i] = a[i] - b[i];
  return norm1(d, m, n);
}

/** Scalar reference dgemm on strided row-major storage (the definition, one sum per entry). */
export function refGemm(
  ta: number,
  tb: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float64Array,
  lda: number,
  b: Float64Array,
  ldb: number,
  beta: number,
  c: Float64Array,
  ldc: number,
): void {
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const aip = ta === 0 ? a[i * lda + p] : a[p * lda + i];
        const bpj = tb === 0 ? b[p * ldb + j] : b[j * ldb + p];
        s += aip * bpj;
      }
      const old = beta === 0 ? 0 : beta * c[i * ldc + j];
      c[i * ldc + j] = (alpha === 0 || k === 0 ? 0 : alpha * s) + old;
    }
}

/** Q (n×n orthogonal) from modified Gram–Schmidt on a random matrix, twice for orthogonality. */
export function randomOrthogonal(n: number, rand: () => number): Float64Array {
  const q = randomMatrix(n, n, n, rand, 0);
  for (let pass = 0; pass < 2; pass++)
    for (let j = 0; j < n; j++) {
      for (let p = 0; p < j; p++) {
        let d = 0;
        for (let i = 0; i < n; i++) d += q[i * n + j] * q[i * n + p];
        for (let i = 0; i < n; i++) q[i * n + j] -= d * q[i * n + p];
      }
      let s = 0;
      for (let i = 0; i < n; i++) s += q[i * n + j] ** 2;
      s = Math.sqrt(s);
      for (let i = 0; i < n; i++) q[i * n + j] /= s;
    }
  return q;
}

/** Q·diag(d)·Qᵀ: a symmetric matrix with eigenvalues d (exactly symmetric storage). */
export function withEigenvalues(d: ArrayLike<number>, rand: () => number): Float64Array {
  const n = d.length;
  const q = randomOrthogonal(n, rand);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += q[i * n + p] * d[p] * q[j * n + p];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  return a;
}

/** n eigenvalues spread log-uniformly from 1 to cond, in random order. */
export function logSpaced(n: number, cond: number, rand: () => number): Float64Array {
  const d = new Float64Array(n);
  for (let i = 0; i < n; i++) d[i] = n === 1 ? 1 : cond ** (i / (n - 1));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [d[i], d[j]] = [d[j], d[i]];
  }
  return d;
}

/** Inverse of a dense n×n matrix by Gauss–Jordan with partial pivoting (scalar reference). */
export function inverse(a: Float64Array, n: number): Float64Array {
  const w = a.slice();
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let j = 0; j < n; j++) {
    let p = j;
    for (let i = j + 1; i < n; i++) if (Math.abs(w[i * n + j]) > Math.abs(w[p * n + j])) p = i;
    for (let c = 0; c < n; c++) {
      [w[j * n + c], w[p * n + c]] = [w[p * n + c], w[j * n + c]];
      [inv[j * n + c], inv[p * n + c]] = [inv[p * n + c], inv[j * n + c]];
    }
    const d = w[j * n + j];
    for (let c = 0; c < n; c++) {
      w[j * n + c] /= d;
      inv[j * n + c] /= d;
    }
    for (let i = 0; i < n; i++) {
      if (i === j) continue;
      const f = w[i * n + j];
      if (f === 0) continue;
      for (let c = 0; c < n; c++) {
        w[i * n + c] -= f * w[j * n + c];
        inv[i * n + c] -= f * inv[j * n + c];
      }
    }
  }
  return inv;
}

/** Blocks of WASM memory for one test; `release()` frees them all. */
export class Heap {
  private readonly ptrs: number[] = [];

  /** Copies `data` into a fresh block; returns its byte offset. */
  f64(data: ArrayLike<number>): number {
    const p = allocF64(Math.max(data.length, 1), 'test');
    this.ptrs.push(p);
    f64View(p, data.length).set(data);
    return p;
  }

  /** A fresh block of n i32 values (zeroed). */
  i32(n: number): number {
    const p = allocI32(Math.max(n, 1), 'test');
    this.ptrs.push(p);
    i32View(p, Math.max(n, 1)).fill(0);
    return p;
  }

  readF64(p: number, n: number): Float64Array {
    return f64View(p, n).slice();
  }

  readI32(p: number, n: number): Int32Array {
    return i32View(p, n).slice();
  }

  release(): void {
    for (const p of this.ptrs) free(p);
    this.ptrs.length = 0;
  }
}
