// Unblocked LU with partial pivoting P·A = L·U of an m×n row-major matrix, as LAPACK dgetf2
// (right-looking): at step j pick the row p ≥ j with the largest |a_pj|, swap rows j and p, scale
// the column below the pivot by 1/u_jj, and subtract the rank-1 update l·u_jᵀ from the trailing
// block — an axpy along each trailing row.
import { axpyUnit } from './blas1';

/** Swaps rows i and p of a block of `ncols` columns starting at `a` (row stride rs bytes). */
// @ts-ignore: decorator
@inline
export function swapRows(ncols: i32, a: usize, rs: usize, i: i32, p: i32): void {
  const ri = a + <usize>i * rs;
  const rp = a + <usize>p * rs;
  let j = 0;
  for (; j + 2 <= ncols; j += 2) {
    const o = <usize>j << 3;
    const t = v128.load(ri + o);
    v128.store(ri + o, v128.load(rp + o));
    v128.store(rp + o, t);
  }
  if (j < ncols) {
    const o = <usize>j << 3;
    const t = load<f64>(ri + o);
    store<f64>(ri + o, load<f64>(rp + o));
    store<f64>(rp + o, t);
  }
}

/**
 * Applies the row interchanges ipiv[k1..k2) (0-based targets, in order when inc = 1, in reverse
 * order when inc = −1) to the `ncols` columns starting at `a`, as LAPACK dlaswp.
 */
export function laswp(ncols: i32, a: usize, lda: i32, k1: i32, k2: i32, ipiv: usize, inc: i32): void {
  if (ncols <= 0) return;
  const rs = <usize>lda << 3;
  if (inc > 0) {
    for (let i = k1; i < k2; i++) {
      const p = load<i32>(ipiv + (<usize>i << 2));
      if (p != i) swapRows(ncols, a, rs, i, p);
    }
  } else {
    for (let i = k2 - 1; i >= k1; i--) {
      const p = load<i32>(ipiv + (<usize>i << 2));
      if (p != i) swapRows(ncols, a, rs, i, p);
    }
  }
}

/**
 * LU of the m×n block at `a` in place; ipiv[j] (0-based, relative to the block) is the row swapped
 * with row j. Returns 0 or the 1-based index of the first exactly-zero pivot; the factorization
 * continues past it (that column is left unscaled), as dgetf2.
 */
export function getf2(m: i32, n: i32, a: usize, lda: i32, ipiv: usize): i32 {
  const rs = <usize>lda << 3;
  const mn = min(m, n);
  let info = 0;
  for (let j = 0; j < mn; j++) {
    const cj = a + (<usize>j << 3);
    let p = j;
    let big = Math.abs(load<f64>(cj + <usize>j * rs));
    for (let i = j + 1; i < m; i++) {
      const v = Math.abs(load<f64>(cj + <usize>i * rs));
      if (v > big) {
        big = v;
        p = i;
      }
    }
    store<i32>(ipiv + (<usize>j << 2), p);
    const piv = load<f64>(cj + <usize>p * rs);
    if (piv != 0.0) {
      if (p != j) swapRows(n, a, rs, j, p);
      // Multiply by the reciprocal unless it would overflow (|u_jj| below the safe minimum).
      if (Math.abs(piv) >= 2.2250738585072014e-308) {
        const r = 1.0 / piv;
        for (let i = j + 1; i < m; i++) {
          const q = cj + <usize>i * rs;
          store<f64>(q, load<f64>(q) * r);
        }
      } else {
        for (let i = j + 1; i < m; i++) {
          const q = cj + <usize>i * rs;
          store<f64>(q, load<f64>(q) / piv);
        }
      }
    } else if (info == 0) {
      info = j + 1;
    }
    const len = n - j - 1;
    if (len > 0) {
      const uj = cj + <usize>j * rs + 8;
      for (let i = j + 1; i < m; i++) {
        const ri = cj + <usize>i * rs;
        const l = load<f64>(ri);
        if (l != 0.0) axpyUnit(len, -l, uj, ri + 8);
      }
    }
  }
  return info;
}
