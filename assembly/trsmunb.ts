// Unblocked triangular solves, row-major, as reference BLAS dtrsv/dtrsm: the leaves of the
// recursive trsm and the one-right-hand-side solves. Every case is written so that its inner loop
// runs along a contiguous row (of B or of A).
import { axpyUnit, dotUnit, scalUnit } from './blas1';
import { nmadd } from './simd';

// @ts-ignore: decorator
@inline
function at(a: usize, rs: usize, i: i32, j: i32): f64 {
  return load<f64>(a + <usize>i * rs + (<usize>j << 3));
}

/**
 * One right-hand side, contiguous x (dtrsv): every case runs along rows of A. Without transpose the
 * solve is by dot products, x_i = (b_i − A[i,·]·x) / a_ii; with transpose it is column-oriented,
 * x_p = b_p / a_pp followed by b ← b − x_p·A[p,·] (an axpy along row p of A).
 */
export function trsvUnit(uplo: i32, transA: i32, diag: i32, m: i32, a: usize, lda: i32, x: usize): void {
  const ars = <usize>lda << 3;
  if (transA == 0) {
    if (uplo == 0) {
      for (let i = 0; i < m; i++) {
        const xi = x + (<usize>i << 3);
        const ai = a + <usize>i * ars;
        let v = load<f64>(xi) - dotUnit(i, ai, x);
        if (diag == 0) v /= load<f64>(ai + (<usize>i << 3));
        store<f64>(xi, v);
      }
    } else {
      for (let i = m - 1; i >= 0; i--) {
        const xi = x + (<usize>i << 3);
        const aii = a + <usize>i * ars + (<usize>i << 3);
        let v = load<f64>(xi) - dotUnit(m - i - 1, aii + 8, xi + 8);
        if (diag == 0) v /= load<f64>(aii);
        store<f64>(xi, v);
      }
    }
  } else if (uplo == 1) {
    // Aᵀ lower: forward, eliminating with row p of A to the right of the diagonal.
    for (let p = 0; p < m; p++) {
      const xp = x + (<usize>p << 3);
      const app = a + <usize>p * ars + (<usize>p << 3);
      let v = load<f64>(xp);
      if (diag == 0) v /= load<f64>(app);
      store<f64>(xp, v);
      if (v != 0.0) axpyUnit(m - p - 1, -v, app + 8, xp + 8);
    }
  } else {
    // Aᵀ upper: backward, eliminating with row p of A left of the diagonal.
    for (let p = m - 1; p >= 0; p--) {
      const xp = x + (<usize>p << 3);
      const ap = a + <usize>p * ars;
      let v = load<f64>(xp);
      if (diag == 0) v /= load<f64>(ap + (<usize>p << 3));
      store<f64>(xp, v);
      if (v != 0.0) axpyUnit(p, -v, ap, x);
    }
  }
}

/**
 * Left side, unblocked: op(A)·X = B. With L = op(A) lower (uplo = 0, trans = 0 or uplo = 1,
 * trans = 1) rows of X are found top-down, X_i = (B_i − Σ_{p<i} L_ip X_p) / L_ii; with op(A) upper,
 * bottom-up. Each update is an axpy along a row of B.
 */
export function trsmLeftUnb(
  uplo: i32,
  transA: i32,
  diag: i32,
  m: i32,
  n: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
): void {
  const ars = <usize>lda << 3;
  const brs = <usize>ldb << 3;
  const lowerEff = (uplo == 0) == (transA == 0);
  if (lowerEff) {
    for (let i = 0; i < m; i++) {
      const bi = b + <usize>i * brs;
      for (let p = 0; p < i; p++) {
        const l = transA == 0 ? at(a, ars, i, p) : at(a, ars, p, i);
        if (l != 0.0) axpyUnit(n, -l, b + <usize>p * brs, bi);
      }
      if (diag == 0) scalUnit(n, 1.0 / at(a, ars, i, i), bi);
    }
  } else {
    for (let i = m - 1; i >= 0; i--) {
      const bi = b + <usize>i * brs;
      for (let p = i + 1; p < m; p++) {
        const u = transA == 0 ? at(a, ars, i, p) : at(a, ars, p, i);
        if (u != 0.0) axpyUnit(n, -u, b + <usize>p * brs, bi);
      }
      if (diag == 0) scalUnit(n, 1.0 / at(a, ars, i, i), bi);
    }
  }
}

/**
 * Right-side leaf X·T = B for a small triangle T given explicitly (T = op(A), row-major, row
 * stride ldt), upper (forward over columns) or lower (backward). Blocks of 4 rows × 4 columns of
 * X are computed as in the GEMM micro-kernel — B_blk − Σ_p x_p·T[p, blk] with the x_p broadcast
 * from rows of B and T[p, blk] loaded from a row of T, in 8 f64x2 accumulators — and then the
 * 4×4 diagonal block of T is solved by scalar substitution.
 */
export function trsmRightLeaf(upper: bool, diag: i32, m: i32, s: i32, t: usize, ldt: i32, b: usize, ldb: i32): void {
  const trs = <usize>ldt << 3;
  const brs = <usize>ldb << 3;
  const nblk = (s + 3) >> 2;
  for (let r = 0; r < m; r += 4) {
    const h = min(4, m - r);
    const br = b + <usize>r * brs;
    for (let q = 0; q < nblk; q++) {
      const j0 = upper ? q << 2 : (nblk - 1 - q) << 2;
      const w = min(4, s - j0);
      // Known part: p < j0 (upper) or p ≥ j0 + w (lower).
      const p0 = upper ? 0 : j0 + w;
      const p1 = upper ? j0 : s;
      const bj = br + (<usize>j0 << 3);
      if (h == 4 && w == 4) {
        let c00 = v128.load(bj);
        let c01 = v128.load(bj, 16);
        let c10 = v128.load(bj + brs);
        let c11 = v128.load(bj + brs, 16);
        let c20 = v128.load(bj + 2 * brs);
        let c21 = v128.load(bj + 2 * brs, 16);
        let c30 = v128.load(bj + 3 * brs);
        let c31 = v128.load(bj + 3 * brs, 16);
        let tp = t + <usize>p0 * trs + (<usize>j0 << 3);
        let xp = br + (<usize>p0 << 3);
        for (let p = p0; p < p1; p++) {
          const u0 = v128.load(tp);
          const u1 = v128.load(tp, 16);
          let x = v128.load64_splat(xp);
          c00 = nmadd(x, u0, c00);
          c01 = nmadd(x, u1, c01);
          x = v128.load64_splat(xp + brs);
          c10 = nmadd(x, u0, c10);
          c11 = nmadd(x, u1, c11);
          x = v128.load64_splat(xp + 2 * brs);
          c20 = nmadd(x, u0, c20);
          c21 = nmadd(x, u1, c21);
          x = v128.load64_splat(xp + 3 * brs);
          c30 = nmadd(x, u0, c30);
          c31 = nmadd(x, u1, c31);
          tp += trs;
          xp += 8;
        }
        v128.store(bj, c00);
        v128.store(bj, c01, 16);
        v128.store(bj + brs, c10);
        v128.store(bj + brs, c11, 16);
        v128.store(bj + 2 * brs, c20);
        v128.store(bj + 2 * brs, c21, 16);
        v128.store(bj + 3 * brs, c30);
        v128.store(bj + 3 * brs, c31, 16);
      } else {
        for (let i = 0; i < h; i++) {
          const bi = br + <usize>i * brs;
          for (let jj = 0; jj < w; jj++) {
            let v = load<f64>(bi + (<usize>(j0 + jj) << 3));
            const tj = t + (<usize>(j0 + jj) << 3);
            for (let p = p0; p < p1; p++) v -= load<f64>(bi + (<usize>p << 3)) * load<f64>(tj + <usize>p * trs);
            store<f64>(bi + (<usize>(j0 + jj) << 3), v);
          }
        }
      }
      // The w×w diagonal block, by substitution.
      for (let i = 0; i < h; i++) {
        const bi = br + <usize>i * brs;
        if (upper) {
          for (let jj = 0; jj < w; jj++) {
            const j = j0 + jj;
            let v = load<f64>(bi + (<usize>j << 3));
            const tj = t + (<usize>j << 3);
            for (let p = j0; p < j; p++) v -= load<f64>(bi + (<usize>p << 3)) * load<f64>(tj + <usize>p * trs);
            if (diag == 0) v /= load<f64>(t + <usize>j * trs + (<usize>j << 3));
            store<f64>(bi + (<usize>j << 3), v);
          }
        } else {
          for (let jj = w - 1; jj >= 0; jj--) {
            const j = j0 + jj;
            let v = load<f64>(bi + (<usize>j << 3));
            const tj = t + (<usize>j << 3);
            for (let p = j + 1; p < j0 + w; p++) v -= load<f64>(bi + (<usize>p << 3)) * load<f64>(tj + <usize>p * trs);
            if (diag == 0) v /= load<f64>(t + <usize>j * trs + (<usize>j << 3));
            store<f64>(bi + (<usize>j << 3), v);
          }
        }
      }
    }
  }
}
