// The one GEMM micro-kernel, shared by gemm, syrk and (through them) trsm, potrf and getrf:
// a 4×4 block of C updated by C += Ã·B̃ over kc steps, where Ã is a packed micro-panel of
// op(A) (for each step p the 4 values a[i][p], i < 4) and B̃ a packed micro-panel of op(B)
// (for each p the 4 values b[p][j], j < 4), as the BLIS micro-kernel. The 4×4 tile lives in
// 8 f64x2 accumulators (two per row); each step is 4 broadcasts of A, 2 vector loads of B and
// 8 multiply–adds — 32 flops. (Unrolling the p loop was measured slower: register spills.)
import { madd } from './simd';

// @ts-ignore: decorator
@inline
export const MR: i32 = 4;
// @ts-ignore: decorator
@inline
export const NR: i32 = 4;

/** C[0:4, 0:4] += Ã·B̃ (kc steps); C row-major with row stride crs bytes. */
export function kernel4x4(kc: i32, ap: usize, bp: usize, c: usize, crs: usize): void {
  let c00 = f64x2.splat(0.0);
  let c01 = f64x2.splat(0.0);
  let c10 = f64x2.splat(0.0);
  let c11 = f64x2.splat(0.0);
  let c20 = f64x2.splat(0.0);
  let c21 = f64x2.splat(0.0);
  let c30 = f64x2.splat(0.0);
  let c31 = f64x2.splat(0.0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let a = v128.load64_splat(ap);
    c00 = madd(a, b0, c00);
    c01 = madd(a, b1, c01);
    a = v128.load64_splat(ap, 8);
    c10 = madd(a, b0, c10);
    c11 = madd(a, b1, c11);
    a = v128.load64_splat(ap, 16);
    c20 = madd(a, b0, c20);
    c21 = madd(a, b1, c21);
    a = v128.load64_splat(ap, 24);
    c30 = madd(a, b0, c30);
    c31 = madd(a, b1, c31);
    ap += 32;
    bp += 32;
  }
  v128.store(c, f64x2.add(v128.load(c), c00));
  v128.store(c, f64x2.add(v128.load(c, 16), c01), 16);
  c += crs;
  v128.store(c, f64x2.add(v128.load(c), c10));
  v128.store(c, f64x2.add(v128.load(c, 16), c11), 16);
  c += crs;
  v128.store(c, f64x2.add(v128.load(c), c20));
  v128.store(c, f64x2.add(v128.load(c, 16), c21), 16);
  c += crs;
  v128.store(c, f64x2.add(v128.load(c), c30));
  v128.store(c, f64x2.add(v128.load(c, 16), c31), 16);
}
