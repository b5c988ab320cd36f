// Solves A·X = B from the factorization P·A·Pᵀ = L·D·Lᵀ of sytrf (storage of LAPACK dsytrf_rk,
// solve as dsytrs_3): X = Pᵀ·L⁻ᵀ·D⁻¹·L⁻¹·P·B, with the two triangular solves as level-3 trsm over
// all right-hand sides and D⁻¹ applied block by block. B is n×nrhs row-major, overwritten by X.
import { trsm } from './trsm';
import { swapContiguous } from './sytf2';

/**
 * Applies P (forward = 1: B ← P·B, the interchanges of ipiv in factorization order) or Pᵀ
 * (forward = 0, reverse order) to the rows of B (n×nrhs).
 */
export function sytrsPermute(n: i32, nrhs: i32, ipiv: usize, b: usize, ldb: i32, forward: i32): void {
  const rs = <usize>ldb << 3;
  if (forward != 0) {
    let k = 0;
    while (k < n) {
      const p = load<i32>(ipiv + (<usize>k << 2));
      if (p >= 0) {
        if (p != k) swapContiguous(nrhs, b + <usize>k * rs, b + <usize>p * rs);
        k++;
      } else {
        const q = -p - 1;
        if (q != k + 1) swapContiguous(nrhs, b + <usize>(k + 1) * rs, b + <usize>q * rs);
        k += 2;
      }
    }
  } else {
    let k = n - 1;
    while (k >= 0) {
      const p = load<i32>(ipiv + (<usize>k << 2));
      if (p >= 0) {
        if (p != k) swapContiguous(nrhs, b + <usize>k * rs, b + <usize>p * rs);
        k--;
      } else {
        // k is the second row of a 2×2 step, which swapped k and −p−1.
        const q = -p - 1;
        if (q != k) swapContiguous(nrhs, b + <usize>k * rs, b + <usize>q * rs);
        k -= 2;
      }
    }
  }
}

/**
 * B ← D⁻¹·B for the block diagonal D of sytrf (diagonal of `a`, subdiagonals in e). A 2×2 block
 * [[a, c], [c, d]] is inverted in LAPACK dsytrs's scaled form: with p = a/c, q = d/c,
 * D⁻¹·[u, v]ᵀ = [(q·u/c − v/c), (p·v/c − u/c)] / (p·q − 1).
 */
export function sytrsDiagonal(n: i32, nrhs: i32, a: usize, lda: i32, e: usize, b: usize, ldb: i32): void {
  const rs = <usize>ldb << 3;
  const step = (<usize>lda + 1) << 3;
  let k = 0;
  while (k < n) {
    const c = load<f64>(e + (<usize>k << 3));
    const bk = b + <usize>k * rs;
    if (c == 0.0) {
      const d = load<f64>(a + <usize>k * step);
      for (let j = 0; j < nrhs; j++) store<f64>(bk + (<usize>j << 3), load<f64>(bk + (<usize>j << 3)) / d);
      k++;
    } else {
      const p = load<f64>(a + <usize>k * step) / c;
      const q = load<f64>(a + <usize>(k + 1) * step) / c;
      const den = p * q - 1.0;
      const bk1 = bk + rs;
      for (let j = 0; j < nrhs; j++) {
        const o = <usize>j << 3;
        const u = load<f64>(bk + o) / c;
        const v = load<f64>(bk1 + o) / c;
        store<f64>(bk + o, (q * u - v) / den);
        store<f64>(bk1 + o, (p * v - u) / den);
      }
      k += 2;
    }
  }
}

/** X = A⁻¹·B from sytrf's factors (a: L and diag D, e: D's subdiagonal, ipiv); B n×nrhs. */
export function sytrs(n: i32, nrhs: i32, a: usize, lda: i32, e: usize, ipiv: usize, b: usize, ldb: i32): void {
  if (n <= 0 || nrhs <= 0) return;
  sytrsPermute(n, nrhs, ipiv, b, ldb, 1);
  trsm(0, 0, 0, 1, n, nrhs, 1.0, a, lda, b, ldb);
  sytrsDiagonal(n, nrhs, a, lda, e, b, ldb);
  trsm(0, 0, 1, 1, n, nrhs, 1.0, a, lda, b, ldb);
  sytrsPermute(n, nrhs, ipiv, b, ldb, 0);
}
