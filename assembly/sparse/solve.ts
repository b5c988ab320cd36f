// Solves with a supernodal factor, P·A·Pᵀ = L·Lᵀ (ldl = 0) or L·D·Lᵀ (ldl = 1, L unit lower),
// for B (n × nrhs, row-major) in the caller's numbering: X = Pᵀ·L⁻ᵀ·(D⁻¹)·L⁻¹·P·B. Forward, per
// supernode s in order: X_s ← L_ss⁻¹·X_s (trsm on the diagonal block), then the rows below take
// −L_rs·X_s (a gemm into a gathered block, scattered back); backward, in reverse order: X_s ←
// L_ss⁻ᵀ·(X_s − L_rsᵀ·X_r) with X_r gathered. The columns of a supernode are consecutive, so X_s is
// a contiguous block of rows.
import { gemm } from '../gemm';
import { gemv } from '../gemv';
import { trsm } from '../trsm';
import { ld } from './access';

/**
 * B (n × nrhs) is overwritten by A⁻¹·B. perm: n i32 (perm[k] = original index of pivot k).
 * work: n·nrhs + maxrows·nrhs f64, maxrows the largest row count of a supernode.
 */
export function supernodalSolve(
  ldl: i32,
  n: i32,
  ns: i32,
  sfirst: usize,
  srowptr: usize,
  svalptr: usize,
  srows: usize,
  lx: usize,
  perm: usize,
  b: usize,
  nrhs: i32,
  work: usize,
): void {
  if (n == 0 || nrhs <= 0) return;
  const rb = <usize>nrhs << 3;
  const x = work;
  const g = work + <usize>n * rb;
  for (let k = 0; k < n; k++) memory.copy(x + <usize>k * rb, b + <usize>ld(perm, k) * rb, rb);
  const diag = ldl;
  for (let s = 0; s < ns; s++) {
    const f = ld(sfirst, s);
    const k = ld(sfirst, s + 1) - f;
    const r0 = ld(srowptr, s);
    const m = ld(srowptr, s + 1) - r0 - k;
    const ls = lx + (<usize>ld(svalptr, s) << 3);
    const xs = x + <usize>f * rb;
    trsm(0, 0, 0, diag, k, nrhs, 1.0, ls, k, xs, nrhs);
    if (m == 0) continue;
    const below = ls + (<usize>(k * k) << 3);
    if (nrhs == 1) gemv(0, m, k, 1.0, below, k, xs, 0.0, g);
    else gemm(0, 0, m, nrhs, k, 1.0, below, k, xs, nrhs, 0.0, g, nrhs);
    for (let i = 0; i < m; i++) {
      const xi = x + <usize>ld(srows, r0 + k + i) * rb;
      const gi = g + <usize>i * rb;
      for (let j = 0; j < nrhs; j++) {
        const o = <usize>j << 3;
        store<f64>(xi + o, load<f64>(xi + o) - load<f64>(gi + o));
      }
    }
  }
  if (ldl != 0) {
    for (let s = 0; s < ns; s++) {
      const f = ld(sfirst, s);
      const k = ld(sfirst, s + 1) - f;
      const ls = lx + (<usize>ld(svalptr, s) << 3);
      for (let j = 0; j < k; j++) {
        const dinv = 1.0 / load<f64>(ls + (<usize>(j * k + j) << 3));
        const xj = x + <usize>(f + j) * rb;
        for (let c = 0; c < nrhs; c++) store<f64>(xj + (<usize>c << 3), load<f64>(xj + (<usize>c << 3)) * dinv);
      }
    }
  }
  for (let s = ns - 1; s >= 0; s--) {
    const f = ld(sfirst, s);
    const k = ld(sfirst, s + 1) - f;
    const r0 = ld(srowptr, s);
    const m = ld(srowptr, s + 1) - r0 - k;
    const ls = lx + (<usize>ld(svalptr, s) << 3);
    const xs = x + <usize>f * rb;
    if (m > 0) {
      for (let i = 0; i < m; i++) memory.copy(g + <usize>i * rb, x + <usize>ld(srows, r0 + k + i) * rb, rb);
      const below = ls + (<usize>(k * k) << 3);
      if (nrhs == 1) gemv(1, m, k, -1.0, below, k, g, 1.0, xs);
      else gemm(1, 0, k, nrhs, m, -1.0, below, k, g, nrhs, 1.0, xs, nrhs);
    }
    trsm(0, 0, 1, diag, k, nrhs, 1.0, ls, k, xs, nrhs);
  }
  for (let k = 0; k < n; k++) memory.copy(b + <usize>ld(perm, k) * rb, x + <usize>k * rb, rb);
}
