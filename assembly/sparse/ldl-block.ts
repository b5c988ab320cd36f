// LDLᵀ without pivoting of a dense symmetric block (the diagonal block of a supernode of a
// quasi-definite matrix), row-major, lower triangle, recursive as LAPACK dpotrf2 with D between
// the factors: with A = [A11 ·; A21 A22],
//   A11 = L11·D1·L11ᵀ,  W21 = A21·L11⁻ᵀ (trsm, unit diagonal) = L21·D1,  L21 = W21·D1⁻¹,
//   A22 ← A22 − L21·W21ᵀ (the lower triangle, by the packed GEMM),  A22 = L22·D2·L22ᵀ,
// down to leaves of at most LEAF rows, factored row by row (bordered): for row i,
//   u_j = a_ij − Σ_{p<j} u_p·l_jp (u_j = l_ij·d_j),  l_ij = u_j / d_j,  d_i = a_ii − Σ_p u_p·l_ip.
// D is left on the diagonal, L (unit lower) below it. Every pivot passes checkPivot (pivots.ts).
import { dotUnit } from '../blas1';
import { gemmTri } from '../gemm';
import { TRI_LOWER } from '../gemm-block';
import { trsm } from '../trsm';
import { checkPivot } from './pivots';

// @ts-ignore: decorator
@inline
const LEAF: i32 = 32;

/**
 * Factors the n×n block at a (leading dimension lda) in place; signs (n i32, or 0 for none) are
 * the expected pivot signs, col0 the global column of the block's first row (for the status).
 * work: max(n²/4 + n, LEAF) f64. Returns false when a pivot is refused (see status).
 */
export function ldlBlock(
  n: i32,
  a: usize,
  lda: i32,
  signs: usize,
  eps: f64,
  delta: f64,
  col0: i32,
  status: usize,
  work: usize,
): bool {
  const rs = <usize>lda << 3;
  if (n <= LEAF) {
    const u = work;
    for (let i = 0; i < n; i++) {
      const ai = a + <usize>i * rs;
      for (let j = 0; j < i; j++) {
        const aj = a + <usize>j * rs;
        store<f64>(u + (<usize>j << 3), load<f64>(ai + (<usize>j << 3)) - dotUnit(j, u, aj));
      }
      let d = load<f64>(ai + (<usize>i << 3));
      for (let j = 0; j < i; j++) {
        const uj = load<f64>(u + (<usize>j << 3));
        const lij = uj / load<f64>(a + <usize>j * rs + (<usize>j << 3));
        store<f64>(ai + (<usize>j << 3), lij);
        d -= uj * lij;
      }
      const sign = signs == 0 ? 0 : load<i32>(signs + (<usize>i << 2));
      d = checkPivot(d, sign, eps, delta, col0 + i, status);
      if (isNaN(d)) return false;
      store<f64>(ai + (<usize>i << 3), d);
    }
    return true;
  }
  const n1 = ((n >> 1) + 3) & ~3;
  const n2 = n - n1;
  if (!ldlBlock(n1, a, lda, signs, eps, delta, col0, status, work)) return false;
  const a21 = a + <usize>n1 * rs;
  const a22 = a21 + (<usize>n1 << 3);
  trsm(1, 0, 1, 1, n2, n1, 1.0, a, lda, a21, lda);
  // W21 to work (n2 × n1), then L21 = W21·D1⁻¹ in place.
  for (let i = 0; i < n2; i++) {
    const src = a21 + <usize>i * rs;
    const dst = work + <usize>(i * n1) * 8;
    for (let j = 0; j < n1; j++) {
      const w = load<f64>(src + (<usize>j << 3));
      store<f64>(dst + (<usize>j << 3), w);
      store<f64>(src + (<usize>j << 3), w / load<f64>(a + <usize>j * rs + (<usize>j << 3)));
    }
  }
  gemmTri(TRI_LOWER, 0, 1, n2, n2, n1, -1.0, a21, lda, work, n1, 1.0, a22, lda);
  const signs2: usize = signs == 0 ? 0 : signs + (<usize>n1 << 2);
  return ldlBlock(n2, a22, lda, signs2, eps, delta, col0 + n1, status, work);
}
