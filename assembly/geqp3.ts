// Householder QR with column pivoting A·P = Q·R of an m×n row-major matrix, blocked, as LAPACK
// dgeqp3 + dlaqps (Quintana-Ortí, Sun & Bischof, "A BLAS-3 version of the QR factorization with
// column pivoting", SIAM J. Sci. Comput. 19, 1998). Column j of A·P is the remaining column of
// largest norm; those norms are downdated after each step, ‖a_c‖² ← ‖a_c‖² − r_jc², and computed
// afresh when cancellation has eaten half the digits (Drmač & Bujanović's test with √ε, as LAPACK
// 3.x). A panel of up to NB reflectors is built with the update of the trailing matrix deferred:
// F = τ-weighted Aᵀ·V accumulates it, so that only the pivot column and the pivot row are updated
// within the panel (gemv-sized work), and the trailing block then takes A ← A − V·Fᵀ in one gemm.
// With pivot = 0 the same code is plain blocked Householder QR (dgeqrf), A = Q·R.
import { dotUnit } from './blas1';
import { gemm } from './gemm';
import { axpyTo, larfg, nrm2 } from './householder';

// @ts-ignore: decorator
@inline
const NB: i32 = 32;

/** √ε: below it a downdated norm has lost half its digits and is recomputed (LAPACK's tol3z). */
// @ts-ignore: decorator
@inline
const TOL3Z: f64 = 1.4901161193847656e-8;

/** Length (f64) of geqp3's workspace: vn1, vn2 (n each), F (n × NB), auxv and a row buffer (n + NB). */
export function geqp3WorkLength(m: i32, n: i32): i32 {
  return n <= 0 || m <= 0 ? 0 : 3 * n + n * NB + NB;
}

/** Swaps columns i and j (all m rows) of a row-major matrix. */
function swapColumns(m: i32, a: usize, lda: i32, i: i32, j: i32): void {
  const rs = <usize>lda << 3;
  const oi = <usize>i << 3;
  const oj = <usize>j << 3;
  for (let r = 0; r < m; r++) {
    const row = a + <usize>r * rs;
    const t = load<f64>(row + oi);
    store<f64>(row + oi, load<f64>(row + oj));
    store<f64>(row + oj, t);
  }
}

/**
 * One panel (as dlaqps): factors up to nb columns of the n-column block at `a` (rows 0 … m−1 of
 * the whole matrix, the block's column 0 at row `offset`'s diagonal), pivoting within the block,
 * and applies the panel to the rest of the block. Arrays jpvt, tau, vn1, vn2 start at the block's
 * first column; F is n × NB, auxv NB and buf n f64. Returns the number of columns factored (fewer
 * than nb when a norm must be recomputed, which needs the trailing block up to date).
 */
function laqps(
  m: i32,
  n: i32,
  offset: i32,
  nb: i32,
  a: usize,
  lda: i32,
  jpvt: usize,
  tau: usize,
  vn1: usize,
  vn2: usize,
  f: usize,
  auxv: usize,
  buf: usize,
  pivot: i32,
): i32 {
  const rs = <usize>lda << 3;
  const fs = <usize>NB << 3;
  const lastrk = min(m, n + offset);
  let lsticc = -1;
  let k = 0;
  while (k < nb && lsticc < 0) {
    const rk = offset + k;
    const ok = <usize>k << 3;
    if (pivot != 0) {
      // The remaining column of largest (downdated) norm comes to position k.
      let pvt = k;
      let big = -1.0;
      for (let c = k; c < n; c++) {
        const v = load<f64>(vn1 + (<usize>c << 3));
        if (v > big) {
          big = v;
          pvt = c;
        }
      }
      if (pvt != k) {
        swapColumns(m, a, lda, pvt, k);
        const fp = f + <usize>pvt * fs;
        const fk = f + <usize>k * fs;
        for (let p = 0; p < k; p++) {
          const o = <usize>p << 3;
          const t = load<f64>(fp + o);
          store<f64>(fp + o, load<f64>(fk + o));
          store<f64>(fk + o, t);
        }
        const ip = load<i32>(jpvt + (<usize>pvt << 2));
        store<i32>(jpvt + (<usize>pvt << 2), load<i32>(jpvt + (<usize>k << 2)));
        store<i32>(jpvt + (<usize>k << 2), ip);
        store<f64>(vn1 + (<usize>pvt << 3), load<f64>(vn1 + ok));
        store<f64>(vn2 + (<usize>pvt << 3), load<f64>(vn2 + ok));
      }
    }
    // Column k ← column k − A[:, 0:k]·F[k, 0:k]ᵀ: the panel's earlier reflectors, applied late.
    if (k > 0) {
      const fk = f + <usize>k * fs;
      for (let i = rk; i < m; i++) {
        const ri = a + <usize>i * rs;
        store<f64>(ri + ok, load<f64>(ri + ok) - dotUnit(k, ri, fk));
      }
    }
    // Reflector H_k annihilating A[rk+1:m, k].
    const pkk = a + <usize>rk * rs + ok;
    const tk = rk < m ? larfg(m - rk, pkk, lda) : 0.0;
    store<f64>(tau + ok, tk);
    const akk = rk < m ? load<f64>(pkk) : 0.0;
    if (rk < m) store<f64>(pkk, 1.0);
    // F[k+1:n, k] = τ_k·A[rk:m, k+1:n]ᵀ·v_k, accumulated along the rows of A in buf.
    const rest = n - k - 1;
    if (rest > 0) {
      memory.fill(buf, 0, <usize>rest << 3);
      for (let i = rk; i < m; i++) {
        const ri = a + <usize>i * rs;
        const vi = load<f64>(ri + ok);
        if (vi != 0.0) axpyTo(rest, vi, ri + ok + 8, buf);
      }
      for (let c = 0; c < rest; c++) store<f64>(f + <usize>(k + 1 + c) * fs + ok, tk * load<f64>(buf + (<usize>c << 3)));
    }
    for (let c = 0; c <= k; c++) store<f64>(f + <usize>c * fs + ok, 0.0);
    // F[:, k] −= τ_k·F[:, 0:k]·(A[rk:m, 0:k]ᵀ·v_k): the earlier reflectors' share of column k of F.
    if (k > 0) {
      memory.fill(auxv, 0, <usize>k << 3);
      for (let i = rk; i < m; i++) {
        const ri = a + <usize>i * rs;
        const vi = load<f64>(ri + ok);
        if (vi != 0.0) axpyTo(k, vi, ri, auxv);
      }
      for (let c = 0; c < n; c++) {
        const fc = f + <usize>c * fs;
        store<f64>(fc + ok, load<f64>(fc + ok) - tk * dotUnit(k, fc, auxv));
      }
    }
    // Row rk ← row rk − A[rk, 0:k+1]·F[k+1:n, 0:k+1]ᵀ: the pivot row is brought up to date.
    if (rest > 0 && rk < m) {
      const rr = a + <usize>rk * rs;
      for (let c = k + 1; c < n; c++) {
        const p = rr + (<usize>c << 3);
        store<f64>(p, load<f64>(p) - dotUnit(k + 1, rr, f + <usize>c * fs));
      }
    }
    // Downdate the norms: ‖a_c‖² over rows below rk = old − r_rk,c².
    if (pivot != 0 && rk + 1 < lastrk) {
      const rr = a + <usize>rk * rs;
      for (let c = k + 1; c < n; c++) {
        const pc = vn1 + (<usize>c << 3);
        const v1 = load<f64>(pc);
        if (v1 == 0.0) continue;
        let t = Math.abs(load<f64>(rr + (<usize>c << 3))) / v1;
        t = max(0.0, (1.0 + t) * (1.0 - t));
        const ratio = v1 / load<f64>(vn2 + (<usize>c << 3));
        if (t * ratio * ratio <= TOL3Z) {
          // Linked list of columns to recompute once the trailing block is up to date.
          store<f64>(vn2 + (<usize>c << 3), <f64>lsticc);
          lsticc = c;
        } else {
          store<f64>(pc, v1 * Math.sqrt(t));
        }
      }
    }
    if (rk < m) store<f64>(pkk, akk);
    k++;
  }
  const kb = k;
  const rk = offset + kb;
  // Trailing block: A[rk:m, kb:n] −= V·F[kb:n, 0:kb]ᵀ with V = A[rk:m, 0:kb] (reflector entries).
  if (kb < min(n, m - offset)) {
    const r0 = a + <usize>rk * rs;
    gemm(0, 1, m - rk, n - kb, kb, -1.0, r0, lda, f + <usize>kb * fs, NB, 1.0, r0 + (<usize>kb << 3), lda);
  }
  while (lsticc >= 0) {
    const c = lsticc;
    const pc2 = vn2 + (<usize>c << 3);
    lsticc = <i32>load<f64>(pc2);
    const v = rk < m ? nrm2(m - rk, a + <usize>rk * rs + (<usize>c << 3), lda) : 0.0;
    store<f64>(vn1 + (<usize>c << 3), v);
    store<f64>(pc2, v);
  }
  return kb;
}

/**
 * A·P = Q·R in place (pivot = 1; pivot = 0: A = Q·R without pivoting). On exit R is on and above
 * the diagonal, reflector j's vector below it in column j (v = [1; a[j+1:m, j]]) with τ in tau[j]
 * (min(m, n) f64); jpvt[j] (n i32) is the original index of column j of A·P. work holds
 * geqp3WorkLength(m, n) f64. |R₀₀| ≥ |R₁₁| ≥ … with pivoting, the basis of the rank decision.
 */
export function geqp3(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize, pivot: i32): void {
  for (let j = 0; j < n; j++) store<i32>(jpvt + (<usize>j << 2), j);
  if (m <= 0 || n <= 0) return;
  const vn1 = work;
  const vn2 = vn1 + (<usize>n << 3);
  const buf = vn2 + (<usize>n << 3);
  const f = buf + (<usize>n << 3);
  const auxv = f + (<usize>n * NB << 3);
  if (pivot != 0) {
    // Column norms, computed along rows: per column, the largest |a_ic| and then Σ (a_ic/max)².
    const rs = <usize>lda << 3;
    memory.fill(vn1, 0, <usize>n << 3);
    memory.fill(vn2, 0, <usize>n << 3);
    for (let i = 0; i < m; i++) {
      const ri = a + <usize>i * rs;
      for (let c = 0; c < n; c++) {
        const p = vn1 + (<usize>c << 3);
        store<f64>(p, max(load<f64>(p), Math.abs(load<f64>(ri + (<usize>c << 3)))));
      }
    }
    for (let i = 0; i < m; i++) {
      const ri = a + <usize>i * rs;
      for (let c = 0; c < n; c++) {
        const s = load<f64>(vn1 + (<usize>c << 3));
        if (s > 0.0) {
          const t = load<f64>(ri + (<usize>c << 3)) / s;
          const p = vn2 + (<usize>c << 3);
          store<f64>(p, load<f64>(p) + t * t);
        }
      }
    }
    for (let c = 0; c < n; c++) {
      const v = load<f64>(vn1 + (<usize>c << 3)) * Math.sqrt(load<f64>(vn2 + (<usize>c << 3)));
      store<f64>(vn1 + (<usize>c << 3), v);
      store<f64>(vn2 + (<usize>c << 3), v);
    }
  }
  const minmn = min(m, n);
  let j = 0;
  while (j < minmn) {
    const jb = min(NB, minmn - j);
    const oj = <usize>j << 3;
    j += laqps(m, n - j, j, jb, a + oj, lda, jpvt + (<usize>j << 2), tau + oj, vn1 + oj, vn2 + oj, f, auxv, buf, pivot);
  }
}
