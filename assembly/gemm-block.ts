// The packed blocks of the GEMM of gemm.ts (BLIS's macro-kernel over one MC×KC block of op(A) and
// one KC×NC block of op(B)), apart from the driver so that the threaded split (threads.ts) and the
// driver both call them without importing each other.
import { scaleOrZero } from './gemv';
import { kernel4x4, MR, NR } from './microkernel';
import { packA, packB } from './pack';

// @ts-ignore: decorator
@inline
export const TRI_NONE: i32 = 0;
// @ts-ignore: decorator
@inline
export const TRI_LOWER: i32 = 1;
// @ts-ignore: decorator
@inline
export const TRI_UPPER: i32 = 2;

// @ts-ignore: decorator
@inline
export const MC: i32 = 128;
// @ts-ignore: decorator
@inline
export const KC: i32 = 256;
// @ts-ignore: decorator
@inline
export const NC: i32 = 1024;

/** Bytes of one thread's packing buffers: Ã (MC×KC), B̃ (KC×NC) and an edge tile (MR×NR). */
// @ts-ignore: decorator
@inline
export const PACK_BYTES: usize = <usize>(MC * KC + KC * NC + MR * NR) * 8;

// Packing buffers of the calling thread, taken from the heap once when the module is instantiated
// (top-level code runs in the start function), so that no kernel call ever grows memory and
// detaches the caller's views.
const bufA: usize = heap.alloc(PACK_BYTES);

/** The packing buffers of the calling thread (thread 0), PACK_BYTES long. */
export function callerPackBuffers(): usize {
  return bufA;
}

/**
 * The ir/jr loops over one packed MC×KC block of Ã (at bufA) and one KC×NC block of B̃ (at bufB).
 * Row i of this block is row ic + i + d of the column frame: the triangle test compares that with
 * column jc + j.
 */
// @ts-ignore: decorator
@inline
function macroKernel(
  tri: i32,
  mc: i32,
  nc: i32,
  kc: i32,
  ic: i32,
  jc: i32,
  c: usize,
  crs: usize,
  bufA: usize,
  bufB: usize,
  tile: usize,
): void {
  const panel = <usize>kc << 5; // bytes in one packed micro-panel: kc·4 values
  for (let jr = 0; jr < nc; jr += NR) {
    const w = min(NR, nc - jr);
    const bp = bufB + <usize>(jr >> 2) * panel;
    const gj = jc + jr;
    for (let ir = 0; ir < mc; ir += MR) {
      const h = min(MR, mc - ir);
      const gi = ic + ir;
      let full = true;
      if (tri == TRI_LOWER) {
        if (gj > gi + h - 1) continue;
        full = gj + w - 1 <= gi;
      } else if (tri == TRI_UPPER) {
        if (gj + w - 1 < gi) continue;
        full = gj >= gi + h - 1;
      }
      const ap = bufA + <usize>(ir >> 2) * panel;
      const cp = c + <usize>ir * crs + (<usize>jr << 3);
      if (full && h == MR && w == NR) {
        kernel4x4(kc, ap, bp, cp, crs);
      } else {
        memory.fill(tile, 0, MR * NR * 8);
        kernel4x4(kc, ap, bp, tile, NR * 8);
        for (let i = 0; i < h; i++)
          for (let j = 0; j < w; j++) {
            if (tri == TRI_LOWER && gj + j > gi + i) continue;
            if (tri == TRI_UPPER && gj + j < gi + i) continue;
            const q = cp + <usize>i * crs + (<usize>j << 3);
            store<f64>(q, load<f64>(q) + load<f64>(tile + (<usize>(i * NR + j) << 3)));
          }
      }
    }
  }
}

/**
 * The product of gemm.ts's gemmTri on a block of C whose row i is row i + d of the triangle's frame (d = row offset − column
 * offset of the block), with the packing buffers at `buf` (PACK_BYTES long, one set per thread).
 */
export function gemmBlock(
  tri: i32,
  d: i32,
  transA: i32,
  transB: i32,
  m: i32,
  n: i32,
  k: i32,
  alpha: f64,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  beta: f64,
  c: usize,
  ldc: i32,
  buf: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const bufA = buf;
  const bufB = buf + <usize>(MC * KC * 8);
  const tile = bufB + <usize>(KC * NC * 8);
  const crs = <usize>ldc << 3;
  const ars = <usize>lda << 3;
  const brs = <usize>ldb << 3;
  if (beta != 1.0) {
    for (let i = 0; i < m; i++) {
      const ci = c + <usize>i * crs;
      const g = i + d;
      if (tri == TRI_LOWER) {
        if (g >= 0) scaleOrZero(min(g + 1, n), beta, ci);
      } else if (tri == TRI_UPPER) {
        if (g < n) {
          const j0 = max(g, 0);
          scaleOrZero(n - j0, beta, ci + (<usize>j0 << 3));
        }
      } else scaleOrZero(n, beta, ci);
    }
  }
  if (alpha == 0.0 || k <= 0) return;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      const bsrc = transB == 0 ? b + <usize>pc * brs + (<usize>jc << 3) : b + <usize>jc * brs + (<usize>pc << 3);
      packB(transB, kc, nc, bsrc, ldb, bufB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (tri == TRI_LOWER && ic + d + mc - 1 < jc) continue;
        if (tri == TRI_UPPER && jc + nc - 1 < ic + d) continue;
        const asrc = transA == 0 ? a + <usize>ic * ars + (<usize>pc << 3) : a + <usize>pc * ars + (<usize>ic << 3);
        packA(transA, mc, kc, alpha, asrc, lda, bufA);
        macroKernel(tri, mc, nc, kc, ic + d, jc, c + <usize>ic * crs + (<usize>jc << 3), crs, bufA, bufB, tile);
      }
    }
  }
}

