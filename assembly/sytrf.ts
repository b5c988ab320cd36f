// Blocked symmetric indefinite factorization P·A·Pᵀ = L·D·Lᵀ (Bunch–Kaufman, lower triangle,
// row-major), as LAPACK dsytrf + dlasyf with the storage of dsytf2_rk (see sytf2.ts): a panel of
// up to NB columns is factored left-looking into W = L·D (only the panel's own columns of A are
// updated, one at a time, from L and W — a gemv per column), then the trailing lower triangle
// takes the whole panel's update at once, A22 ← A22 − L21·W21ᵀ, through gemm: that product is
// where the n³/3 flops go. The last ≤ NB columns are finished by the unblocked sytf2.
import { dotUnit } from './blas1';
import { gemm } from './gemm';
import { BK_ALPHA, swapContiguous, sytf2 } from './sytf2';

// @ts-ignore: decorator
@inline
const NB: i32 = 64;

/** Length (f64) of sytrf's workspace for order n: W (n × NB) plus sytf2's 2n. */
export function sytrfWorkLength(n: i32): i32 {
  return n <= 0 ? 0 : n * (NB + 2);
}

let panelInfo: i32 = 0;

/**
 * Factors the panel starting at column k0 (as dlasyf, uplo = 'L'): at most NB − 1 columns, or NB
 * when the last pivot is 2×2, and stops early at n. W is n × NB (row-major, leading dimension NB),
 * indexed by global row. Returns the number of columns factored; the first zero pivot (1-based)
 * goes to panelInfo. The trailing matrix from column k0 + kb on is left updated.
 */
function lasyf(n: i32, a: usize, lda: i32, e: usize, ipiv: usize, w: usize, k0: i32): i32 {
  const rs = <usize>lda << 3;
  const ws = <usize>NB << 3;
  let k = k0;
  while (k < n && k - k0 < NB - 1) {
    const j = k - k0;
    const wk = w + <usize>k * ws;
    // W[k:n, j] = A[k:n, k] − A[k:n, k0:k]·W[k, 0:j]ᵀ: column k of the trailing matrix, updated by
    // the panel's earlier columns (A[i, k] for i ≥ k is column k of the lower triangle).
    for (let i = k; i < n; i++) {
      const ri = a + <usize>i * rs;
      store<f64>(w + <usize>i * ws + (<usize>j << 3), load<f64>(ri + (<usize>k << 3)) - dotUnit(j, ri + (<usize>k0 << 3), wk));
    }
    let kstep = 1;
    const absakk = Math.abs(load<f64>(wk + (<usize>j << 3)));
    let imax = k;
    let colmax = 0.0;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(load<f64>(w + <usize>i * ws + (<usize>j << 3)));
      if (v > colmax) {
        colmax = v;
        imax = i;
      }
    }
    if (!(max(absakk, colmax) > 0.0)) {
      // Zero column: D_kk = 0 and L's column is zero; record the first such pivot and go on.
      if (panelInfo == 0) panelInfo = k + 1;
      for (let i = k; i < n; i++) store<f64>(a + <usize>i * rs + (<usize>k << 3), load<f64>(w + <usize>i * ws + (<usize>j << 3)));
      store<f64>(e + (<usize>k << 3), 0.0);
      store<i32>(ipiv + (<usize>k << 2), k);
      k++;
      continue;
    }
    let kp = k;
    if (absakk < BK_ALPHA * colmax) {
      // W[k:n, j+1] = column imax of the trailing matrix (row imax left of its diagonal, then
      // column imax from the diagonal down), updated like column k.
      const rm = a + <usize>imax * rs;
      const wm = w + <usize>imax * ws;
      for (let i = k; i < n; i++) {
        const ri = a + <usize>i * rs;
        const orig = i < imax ? load<f64>(rm + (<usize>i << 3)) : load<f64>(ri + (<usize>imax << 3));
        store<f64>(w + <usize>i * ws + (<usize>(j + 1) << 3), orig - dotUnit(j, ri + (<usize>k0 << 3), wm));
      }
      let rowmax = 0.0;
      for (let i = k; i < n; i++) {
        if (i != imax) rowmax = max(rowmax, Math.abs(load<f64>(w + <usize>i * ws + (<usize>(j + 1) << 3))));
      }
      if (absakk >= BK_ALPHA * colmax * (colmax / rowmax)) {
        kp = k;
      } else if (Math.abs(load<f64>(wm + (<usize>(j + 1) << 3))) >= BK_ALPHA * rowmax) {
        kp = imax;
        for (let i = k; i < n; i++) {
          const p = w + <usize>i * ws + (<usize>j << 3);
          store<f64>(p, load<f64>(p, 8));
        }
      } else {
        kp = imax;
        kstep = 2;
      }
    }
    const kk = k + kstep - 1;
    if (kp != kk) {
      // Column kk of A (not updated) moves to column kp; the computed rows kk and kp of L (every
      // earlier column, prior panels included) and of W are interchanged.
      const rk = a + <usize>kk * rs;
      const rp = a + <usize>kp * rs;
      store<f64>(rp + (<usize>kp << 3), load<f64>(rk + (<usize>kk << 3)));
      for (let i = kk + 1; i < kp; i++) store<f64>(rp + (<usize>i << 3), load<f64>(a + <usize>i * rs + (<usize>kk << 3)));
      for (let i = kp + 1; i < n; i++) {
        const ri = a + <usize>i * rs;
        store<f64>(ri + (<usize>kp << 3), load<f64>(ri + (<usize>kk << 3)));
      }
      swapContiguous(kk, rk, rp);
      swapContiguous(kk - k0 + 1, w + <usize>kk * ws, w + <usize>kp * ws);
    }
    if (kstep == 1) {
      // L's column k = W's column / d_kk.
      const d = load<f64>(wk + (<usize>j << 3));
      store<f64>(a + <usize>k * rs + (<usize>k << 3), d);
      for (let i = k + 1; i < n; i++) {
        store<f64>(a + <usize>i * rs + (<usize>k << 3), load<f64>(w + <usize>i * ws + (<usize>j << 3)) / d);
      }
      store<f64>(e + (<usize>k << 3), 0.0);
      store<i32>(ipiv + (<usize>k << 2), kp);
    } else {
      // [l_ik, l_i,k+1] = [w_ij, w_i,j+1]·D⁻¹, in the scaled form of sytf2.
      const wk1 = wk + ws;
      const b = load<f64>(wk1 + (<usize>j << 3));
      const p11 = load<f64>(wk1 + (<usize>(j + 1) << 3)) / b;
      const p22 = load<f64>(wk + (<usize>j << 3)) / b;
      const t = 1.0 / (p11 * p22 - 1.0);
      const s = t / b;
      for (let i = k + 2; i < n; i++) {
        const wi = w + <usize>i * ws + (<usize>j << 3);
        const x0 = load<f64>(wi);
        const x1 = load<f64>(wi, 8);
        const pik = a + <usize>i * rs + (<usize>k << 3);
        store<f64>(pik, s * (p11 * x0 - x1));
        store<f64>(pik, s * (p22 * x1 - x0), 8);
      }
      const rk0 = a + <usize>k * rs;
      store<f64>(rk0 + (<usize>k << 3), load<f64>(wk + (<usize>j << 3)));
      store<f64>(rk0 + rs + (<usize>k << 3), 0.0);
      store<f64>(rk0 + rs + (<usize>(k + 1) << 3), load<f64>(wk1 + (<usize>(j + 1) << 3)));
      store<f64>(e + (<usize>k << 3), b);
      store<f64>(e + (<usize>(k + 1) << 3), 0.0);
      const code = -(kp + 1);
      store<i32>(ipiv + (<usize>k << 2), code);
      store<i32>(ipiv + (<usize>(k + 1) << 2), code);
    }
    k += kstep;
  }
  const kb = k - k0;
  // A22 ← A22 − L21·W21ᵀ on the lower triangle, by row blocks: the part left of each diagonal
  // block is one gemm, the diagonal block's lower triangle is done by dot products.
  const l21 = a + (<usize>k0 << 3);
  for (let i0 = k; i0 < n; i0 += NB) {
    const ib = min(NB, n - i0);
    const ri0 = a + <usize>i0 * rs;
    if (i0 > k) gemm(0, 1, ib, i0 - k, kb, -1.0, l21 + <usize>i0 * rs, lda, w + <usize>k * ws, NB, 1.0, ri0 + (<usize>k << 3), lda);
    for (let i = i0; i < i0 + ib; i++) {
      const li = l21 + <usize>i * rs;
      const ri = a + <usize>i * rs;
      for (let c = i0; c <= i; c++) {
        const p = ri + (<usize>c << 3);
        store<f64>(p, load<f64>(p) - dotUnit(kb, li, w + <usize>c * ws));
      }
    }
  }
  return kb;
}

/**
 * P·A·Pᵀ = L·D·Lᵀ of the n×n lower triangle at `a`, in place (the strict upper triangle is neither
 * read nor written); e (n f64) receives D's subdiagonal, ipiv (n i32) the pivots (see sytf2.ts),
 * work holds sytrfWorkLength(n) f64. Returns 0, or the 1-based index of the first exactly-zero
 * 1×1 pivot of D (the factorization is completed, as dsytrf).
 */
export function sytrf(n: i32, a: usize, lda: i32, e: usize, ipiv: usize, work: usize): i32 {
  if (n <= 0) return 0;
  panelInfo = 0;
  let k = 0;
  while (n - k > NB) k += lasyf(n, a, lda, e, ipiv, work, k);
  const info = sytf2(n, a, lda, e, ipiv, work + (<usize>n * NB << 3), k);
  return panelInfo != 0 ? panelInfo : info;
}
