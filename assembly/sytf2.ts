// Unblocked symmetric indefinite factorization P·A·Pᵀ = L·D·Lᵀ of the lower triangle, row-major:
// Bunch–Kaufman partial pivoting with α = (1+√17)/8, as LAPACK dsytf2 (uplo = 'L'), with the
// storage of LAPACK dsytf2_rk: every interchange is applied to the whole rows (the columns of L
// already computed included), so that L is one unit lower triangular matrix and P one
// permutation. D is block diagonal with 1×1 and 2×2 blocks; the diagonal of D overwrites the
// diagonal of A, the subdiagonal of each 2×2 block goes to e[k] (and A[k+1,k] is set to 0, so the
// strict lower triangle of A is exactly L − I), e[k] = 0 elsewhere.
//
// ipiv (0-based, i32): a 1×1 pivot at step k swapped rows/columns k and ipiv[k] (≥ 0); a 2×2
// pivot on rows k, k+1 swapped k+1 and p, stored as ipiv[k] = ipiv[k+1] = −(p+1) < 0.
//
// Pivot choice at step k (Bunch & Kaufman 1977), with colmax = max_{i>k} |a_ik| at row r:
//   |a_kk| ≥ α·colmax                         → 1×1 pivot a_kk
//   |a_kk| ≥ α·colmax·(colmax/rowmax)        → 1×1 pivot a_kk   (rowmax = max_{j≠r} |a_rj|)
//   |a_rr| ≥ α·rowmax                         → 1×1 pivot a_rr (swap k ↔ r)
//   otherwise                                 → 2×2 pivot on (k, r) (swap k+1 ↔ r)
// This bounds the element growth by (1 + 1/α)^(n−1) ≈ 2.57^(n−1), and a 2×2 block chosen is
// never singular: |a_kk·a_rr| < α²·colmax² < colmax² = a_rk², so its determinant is < 0.

/** Bunch–Kaufman's α = (1 + √17)/8, which balances the growth of 1×1 and 2×2 steps. */
// @ts-ignore: decorator
@inline
export const BK_ALPHA: f64 = 0.6403882032022076;

/** y[i] −= s·x[i] + t·z[i], i < n, unit strides; f64x2. */
// @ts-ignore: decorator
@inline
export function axpy2Neg(n: i32, s: f64, x: usize, t: f64, z: usize, y: usize): void {
  const sv = f64x2.splat(s);
  const tv = f64x2.splat(t);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    const acc = f64x2.add(f64x2.mul(sv, v128.load(x + o)), f64x2.mul(tv, v128.load(z + o)));
    v128.store(y + o, f64x2.sub(v128.load(y + o), acc));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) - (s * load<f64>(x + o) + t * load<f64>(z + o)));
  }
}

/** y[i] −= s·x[i], i < n, unit strides; f64x2. */
// @ts-ignore: decorator
@inline
export function axpyNeg(n: i32, s: f64, x: usize, y: usize): void {
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.sub(v128.load(y + o), f64x2.mul(sv, v128.load(x + o))));
    v128.store(y + o, f64x2.sub(v128.load(y + o, 16), f64x2.mul(sv, v128.load(x + o, 16))), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) - s * load<f64>(x + o));
  }
}

/** Swaps n contiguous doubles at p and q. */
// @ts-ignore: decorator
@inline
export function swapContiguous(n: i32, p: usize, q: usize): void {
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const t = v128.load(p + o);
    v128.store(p + o, v128.load(q + o));
    v128.store(q + o, t);
  }
  if (j < n) {
    const o = <usize>j << 3;
    const t = load<f64>(p + o);
    store<f64>(p + o, load<f64>(q + o));
    store<f64>(q + o, t);
  }
}

/**
 * Symmetric interchange of rows/columns kk < kp of the lower triangle (order n), together with the
 * whole row prefixes A[kk, 0:kk) ↔ A[kp, 0:kk) (the computed columns of L and, for a 2×2 step, the
 * element A[kk, kk−1]), as the swaps of dsytf2 plus the "apply to L" of dsytf2_rk.
 */
export function symSwap(n: i32, a: usize, lda: i32, kk: i32, kp: i32): void {
  const rs = <usize>lda << 3;
  const rk = a + <usize>kk * rs;
  const rp = a + <usize>kp * rs;
  swapContiguous(kk, rk, rp);
  // Between the two: A[j, kk] (column kk, strided) ↔ A[kp, j] (row kp, contiguous), kk < j < kp.
  for (let j = kk + 1; j < kp; j++) {
    const p = a + <usize>j * rs + (<usize>kk << 3);
    const q = rp + (<usize>j << 3);
    const t = load<f64>(p);
    store<f64>(p, load<f64>(q));
    store<f64>(q, t);
  }
  const dk = rk + (<usize>kk << 3);
  const dp = rp + (<usize>kp << 3);
  const t = load<f64>(dk);
  store<f64>(dk, load<f64>(dp));
  store<f64>(dp, t);
  // Below kp: A[i, kk] ↔ A[i, kp], both in row i.
  for (let i = kp + 1; i < n; i++) {
    const ri = a + <usize>i * rs;
    const p = ri + (<usize>kk << 3);
    const q = ri + (<usize>kp << 3);
    const u = load<f64>(p);
    store<f64>(p, load<f64>(q));
    store<f64>(q, u);
  }
}

/**
 * Factors columns k0..n−1 of the n×n lower triangle at `a` in place (columns 0..k0−1 hold L
 * already, as the blocked driver leaves them; k0 = 0 factors the whole matrix). e (n f64) and ipiv
 * (n i32) receive D's subdiagonal and the pivots for k ≥ k0; work holds 2n f64. Returns 0, or the
 * 1-based index of the first exactly-zero 1×1 pivot (D is then singular); the factorization is
 * completed past it, as dsytf2.
 */
export function sytf2(n: i32, a: usize, lda: i32, e: usize, ipiv: usize, work: usize, k0: i32): i32 {
  const rs = <usize>lda << 3;
  const w0 = work;
  const w1 = work + (<usize>n << 3);
  let info = 0;
  let k = k0;
  while (k < n) {
    const rk = a + <usize>k * rs;
    const ck = rk + (<usize>k << 3);
    let kstep = 1;
    const absakk = Math.abs(load<f64>(ck));
    // colmax = max_{i>k} |a_ik| at row imax.
    let imax = k;
    let colmax = 0.0;
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(load<f64>(a + <usize>i * rs + (<usize>k << 3)));
      if (v > colmax) {
        colmax = v;
        imax = i;
      }
    }
    let kp = k;
    if (!(max(absakk, colmax) > 0.0)) {
      // Column k is zero: D_kk = 0, L's column is already zero. Record, and go on.
      if (info == 0) info = k + 1;
      store<f64>(e + (<usize>k << 3), 0.0);
      store<i32>(ipiv + (<usize>k << 2), k);
      k++;
      continue;
    }
    if (absakk < BK_ALPHA * colmax) {
      // rowmax = max_{j≠imax} |a_imax,j| over the trailing matrix: row imax left of the diagonal
      // (columns k..imax−1, contiguous) and column imax below it.
      const rm = a + <usize>imax * rs;
      let rowmax = 0.0;
      for (let j = k; j < imax; j++) rowmax = max(rowmax, Math.abs(load<f64>(rm + (<usize>j << 3))));
      for (let i = imax + 1; i < n; i++) {
        rowmax = max(rowmax, Math.abs(load<f64>(a + <usize>i * rs + (<usize>imax << 3))));
      }
      // As LAPACK: α·colmax·(colmax/rowmax), not |a_kk|·rowmax ≥ α·colmax², whose sides underflow
      // to 0 ≥ 0 for entries near 1e-300 and would accept a zero pivot.
      if (absakk >= BK_ALPHA * colmax * (colmax / rowmax)) {
        kp = k;
      } else if (Math.abs(load<f64>(rm + (<usize>imax << 3))) >= BK_ALPHA * rowmax) {
        kp = imax;
      } else {
        kp = imax;
        kstep = 2;
      }
    }
    const kk = k + kstep - 1;
    if (kp != kk) symSwap(n, a, lda, kk, kp);
    if (kstep == 1) {
      // 1×1: l = a[k+1:n, k] / d, then A22 ← A22 − a·aᵀ/d = A22 − a·lᵀ (row i: a_ik times l).
      // Division rather than a reciprocal: 1/d overflows for subnormal d.
      const d = load<f64>(ck);
      for (let i = k + 1; i < n; i++) {
        store<f64>(w0 + (<usize>i << 3), load<f64>(a + <usize>i * rs + (<usize>k << 3)) / d);
      }
      for (let i = k + 1; i < n; i++) {
        const ri = a + <usize>i * rs;
        const pik = ri + (<usize>k << 3);
        const aik = load<f64>(pik);
        if (aik != 0.0) axpyNeg(i - k, aik, w0 + (<usize>(k + 1) << 3), pik + 8);
        store<f64>(pik, load<f64>(w0 + (<usize>i << 3)));
      }
      store<f64>(e + (<usize>k << 3), 0.0);
      store<i32>(ipiv + (<usize>k << 2), kp);
    } else {
      // 2×2 on rows k, k+1: D = [[d11, d21], [d21, d22]], [l_jk, l_j,k+1] = [a_jk, a_j,k+1]·D⁻¹,
      // in LAPACK's scaled form: with b = d21, D⁻¹ = (t/b²)·[[d22, −b], [−b, d11]],
      // t = 1/((d11/b)(d22/b) − 1), which avoids forming d11·d22 − b² (over/underflow).
      const rk1 = rk + rs;
      const b = load<f64>(rk1 + (<usize>k << 3));
      const p11 = load<f64>(rk1 + (<usize>(k + 1) << 3)) / b;
      const p22 = load<f64>(ck) / b;
      const t = 1.0 / (p11 * p22 - 1.0);
      const s = t / b;
      for (let j = k + 2; j < n; j++) {
        const rj = a + <usize>j * rs + (<usize>k << 3);
        const ajk = load<f64>(rj);
        const ajk1 = load<f64>(rj, 8);
        store<f64>(w0 + (<usize>j << 3), s * (p11 * ajk - ajk1));
        store<f64>(w1 + (<usize>j << 3), s * (p22 * ajk1 - ajk));
      }
      // A22 ← A22 − [a_k a_k+1]·D⁻¹·[a_k a_k+1]ᵀ: row i subtracts a_ik·l_k + a_i,k+1·l_k+1.
      for (let i = k + 2; i < n; i++) {
        const pik = a + <usize>i * rs + (<usize>k << 3);
        const aik = load<f64>(pik);
        const aik1 = load<f64>(pik, 8);
        axpy2Neg(i - k - 1, aik, w0 + (<usize>(k + 2) << 3), aik1, w1 + (<usize>(k + 2) << 3), pik + 16);
        store<f64>(pik, load<f64>(w0 + (<usize>i << 3)));
        store<f64>(pik, load<f64>(w1 + (<usize>i << 3)), 8);
      }
      store<f64>(e + (<usize>k << 3), b);
      store<f64>(e + (<usize>(k + 1) << 3), 0.0);
      store<f64>(rk1 + (<usize>k << 3), 0.0);
      const code = -(kp + 1);
      store<i32>(ipiv + (<usize>k << 2), code);
      store<i32>(ipiv + (<usize>(k + 1) << 2), code);
    }
    k += kstep;
  }
  return info;
}
