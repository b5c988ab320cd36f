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
import { axpyTo, larfg, larfLeft, nrm2 } from './householder';

// @ts-ignore: decorator
@inline
const NB: i32 = 64;

/** Panel width of the unpivoted blocked QR (geqrf). */
// @ts-ignore: decorator
@inline
const NBQ: i32 = 64;

/** √ε: below it a downdated norm has lost half its digits and is recomputed (LAPACK's tol3z). */
// @ts-ignore: decorator
@inline
const TOL3Z: f64 = 1.4901161193847656e-8;

/**
 * Length (f64) of geqp3's workspace: with pivoting vn1, vn2 and a row buffer (n each), F (n × NB)
 * and auxv (NB); without, geqrf's V (m × NBQ), T (NBQ × NBQ), W (NBQ × n) and a buffer (n).
 */
export function geqp3WorkLength(m: i32, n: i32): i32 {
  return n <= 0 || m <= 0 ? 0 : max(3 * n + n * NB + NB, qrStepWorkLength(m, n));
}

/** y[i] += s·x[i] + t·z[i], i < n, unit strides; f64x2. */
// @ts-ignore: decorator
@inline
function axpy2To(n: i32, s: f64, x: usize, t: f64, z: usize, y: usize): void {
  const sv = f64x2.splat(s);
  const tv = f64x2.splat(t);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(f64x2.mul(sv, v128.load(x + o)), f64x2.mul(tv, v128.load(z + o)))));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(x + o) + t * load<f64>(z + o));
  }
}

/**
 * y[c] += Σ_{q<4} v_q·x_q[c], c < n, where row q starts at p + q·rs with v_q = row q's first entry
 * and x_q its entries after it (the reflector's component and the row's trailing part); f64x2.
 */
// @ts-ignore: decorator
@inline
function axpy4To(n: i32, p: usize, rs: usize, y: usize): void {
  const x0 = p + 8;
  const x1 = x0 + rs;
  const x2 = x1 + rs;
  const x3 = x2 + rs;
  const v0 = f64x2.splat(load<f64>(p));
  const v1 = f64x2.splat(load<f64>(p + rs));
  const v2 = f64x2.splat(load<f64>(p + 2 * rs));
  const v3 = f64x2.splat(load<f64>(p + 3 * rs));
  let c = 0;
  for (; c + 2 <= n; c += 2) {
    const o = <usize>c << 3;
    const s01 = f64x2.add(f64x2.mul(v0, v128.load(x0 + o)), f64x2.mul(v1, v128.load(x1 + o)));
    const s23 = f64x2.add(f64x2.mul(v2, v128.load(x2 + o)), f64x2.mul(v3, v128.load(x3 + o)));
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.add(s01, s23)));
  }
  if (c < n) {
    const o = <usize>c << 3;
    const s0 = f64x2.extract_lane(v0, 0) * load<f64>(x0 + o) + f64x2.extract_lane(v1, 0) * load<f64>(x1 + o);
    const s1 = f64x2.extract_lane(v2, 0) * load<f64>(x2 + o) + f64x2.extract_lane(v3, 0) * load<f64>(x3 + o);
    store<f64>(y + o, load<f64>(y + o) + (s0 + s1));
  }
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
      // Four rows per pass over buf: a quarter of the loads and stores of buf per flop.
      let i = rk;
      for (; i + 4 <= m; i += 4) {
        const ri = a + <usize>i * rs + ok;
        axpy4To(rest, ri, rs, buf);
      }
      for (; i + 2 <= m; i += 2) {
        const ri = a + <usize>i * rs + ok;
        axpy2To(rest, load<f64>(ri), ri + 8, load<f64>(ri + rs), ri + rs + 8, buf);
      }
      if (i < m) {
        const ri = a + <usize>i * rs + ok;
        axpyTo(rest, load<f64>(ri), ri + 8, buf);
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
  geqp3Partial(m, n, a, lda, jpvt, tau, work, pivot, min(m, n));
}

/**
 * geqp3 (pivot = 1) stopped after the first kmax columns: the reflectors, R's first kmax rows and
 * the first kmax pivots are final, the trailing block is left updated. The pivot choice of geqpr.
 */
export function geqp3Partial(
  m: i32,
  n: i32,
  a: usize,
  lda: i32,
  jpvt: usize,
  tau: usize,
  work: usize,
  pivot: i32,
  kmax: i32,
): void {
  for (let j = 0; j < n; j++) store<i32>(jpvt + (<usize>j << 2), j);
  if (m <= 0 || n <= 0) return;
  if (pivot == 0) {
    geqrf(m, n, a, lda, tau, work);
    return;
  }
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
  const minmn = min(min(m, n), kmax);
  let j = 0;
  while (j < minmn) {
    const jb = min(NB, minmn - j);
    const oj = <usize>j << 3;
    j += laqps(m, n - j, j, jb, a + oj, lda, jpvt + (<usize>j << 2), tau + oj, vn1 + oj, vn2 + oj, f, auxv, buf, pivot);
  }
}

/**
 * Blocked Householder QR A = Q·R without pivoting, as LAPACK dgeqrf + dlarft + dlarfb: a panel of
 * NBQ columns is factored by reflectors applied within the panel only (dgeqr2), its reflectors are
 * gathered as H₀·…·H_{b−1} = I − V·T·Vᵀ (V unit lower trapezoidal, T upper triangular, the compact
 * WY form of Schreiber & Van Loan), and the trailing columns take Qᵀ at once:
 *   W = Vᵀ·A₂ (gemm),  W ← Tᵀ·W,  A₂ ← A₂ − V·W (gemm).
 * Storage as geqp3; work: geqp3WorkLength(m, n).
 */
function geqrf(m: i32, n: i32, a: usize, lda: i32, tau: usize, work: usize): void {
  const minmn = min(m, n);
  for (let j = 0; j < minmn; j += NBQ) qrStep(m, n, j, min(NBQ, minmn - j), a, lda, tau, work);
}

/** Length (f64) of qrStep's workspace. */
export function qrStepWorkLength(m: i32, n: i32): i32 {
  return m * NBQ + NBQ * NBQ + NBQ * n + n;
}

/**
 * One step of the blocked QR: columns j … j+jb−1 (jb ≤ NBQ) of the m×n matrix are factored from
 * row j down without pivoting (dgeqr2), and Qᵀ of the panel is applied to the columns right of it
 * through the compact WY form (dlarft + dlarfb). tau[j …] receives the τ's; work holds
 * qrStepWorkLength(m, n) f64.
 */
export function qrStep(m: i32, n: i32, j: i32, jb: i32, a: usize, lda: i32, tau: usize, work: usize): void {
  const rs = <usize>lda << 3;
  const v = work;
  const t = v + (<usize>m * NBQ << 3);
  const w = t + (<usize>(NBQ * NBQ) << 3);
  const buf = w + (<usize>NBQ * n << 3);
  const ts = <usize>NBQ << 3;
  const mr = m - j;
  const p = a + <usize>j * rs + (<usize>j << 3);
  // Panel: dgeqr2 on A[j:m, j:j+jb].
  for (let i = 0; i < jb; i++) {
    const pii = p + <usize>i * rs + (<usize>i << 3);
    const ti = larfg(mr - i, pii, lda);
    store<f64>(tau + (<usize>(j + i) << 3), ti);
    larfLeft(mr - i, jb - i - 1, pii, lda, ti, pii + 8, lda, buf);
  }
  const nc = n - j - jb;
  if (nc <= 0) return;
  // V (mr × jb, leading dimension jb): unit diagonal, zeros above, the reflectors below.
  const vs = <usize>jb << 3;
  for (let r = 0; r < mr; r++) {
    const vr = v + <usize>r * vs;
    const pr = p + <usize>r * rs;
    for (let c = 0; c < jb; c++) {
      store<f64>(vr + (<usize>c << 3), c < r ? load<f64>(pr + (<usize>c << 3)) : c == r ? 1.0 : 0.0);
    }
  }
  // T (dlarft, forward, columnwise): T_ii = τ_i, T[0:i, i] = −τ_i·T[0:i, 0:i]·(V[:, 0:i]ᵀ·v_i), with
  // all the products Vᵀ·V formed at once by one gemm (G = VᵀV, jb × jb, in w before W needs it).
  gemm(1, 0, jb, jb, mr, 1.0, v, jb, v, jb, 0.0, w, jb);
  const gs = <usize>jb << 3;
  for (let i = 0; i < jb; i++) {
    const ti = load<f64>(tau + (<usize>(j + i) << 3));
    for (let q = 0; q < i; q++) {
      const tq = t + <usize>q * ts;
      let s = 0.0;
      for (let c = q; c < i; c++) s += load<f64>(tq + (<usize>c << 3)) * load<f64>(w + <usize>c * gs + (<usize>i << 3));
      store<f64>(tq + (<usize>i << 3), -ti * s);
    }
    store<f64>(t + <usize>i * ts + (<usize>i << 3), ti);
  }
  // A₂ ← (I − V·Tᵀ·Vᵀ)·A₂ = Qᵀ·A₂.
  const a2 = p + (<usize>jb << 3);
  const wr = <usize>nc << 3;
  gemm(1, 0, jb, nc, mr, 1.0, v, jb, a2, lda, 0.0, w, nc);
  for (let i = jb - 1; i >= 0; i--) {
    const wi = w + <usize>i * wr;
    const tii = load<f64>(t + <usize>i * ts + (<usize>i << 3));
    for (let c = 0; c < nc; c++) store<f64>(wi + (<usize>c << 3), tii * load<f64>(wi + (<usize>c << 3)));
    for (let q = 0; q < i; q++) {
      const tqi = load<f64>(t + <usize>q * ts + (<usize>i << 3));
      if (tqi != 0.0) axpyTo(nc, tqi, w + <usize>q * wr, wi);
    }
  }
  gemm(0, 0, mr, nc, jb, -1.0, v, jb, w, nc, 1.0, a2, lda);
}
