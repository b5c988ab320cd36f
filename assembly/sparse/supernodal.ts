// Supernodal left-looking numeric factorization, Cholesky P·A·Pᵀ = L·Lᵀ or quasi-definite
// LDLᵀ (Ng & Peyton, "Block sparse Cholesky algorithms on advanced uniprocessor computers", SIAM
// J. Sci. Comput. 14, 1993; the supernodal numeric phase of CHOLMOD, Chen, Davis, Hager &
// Rajamanickam, ACM TOMS 35, 2008). Supernodes are factored in order; supernode s first receives
// the updates of every descendant d whose rows reach its columns,
//   L_s ← L_s − L_d[p1:, :]·L_d[p1:p2, :]ᵀ   (Cholesky)   or   − L_d[p1:, :]·D_d·L_d[p1:p2, :]ᵀ,
// where rows p1..p2 of d fall inside the columns of s, computed as one dense product on the
// packed GEMM (lower part only) and scattered into s through a map of its rows; then its dense
// diagonal block is factored (potrf, or ldlBlock with static pivots) and the rows below are solved
// against it (trsm). The descendants waiting for s are kept in linked lists: after updating s,
// d moves to the list of the supernode of its next row below p2.
// Small products (fewer than SMALL multiply–adds, typical of the leaves of the tree) skip the
// packing and run as dot products straight into s.
import { dotUnit } from '../blas1';
import { gemmTri } from '../gemm';
import { TRI_LOWER } from '../gemm-block';
import { potrf } from '../potrf';
import { trsm } from '../trsm';
import { ld, ldf, st } from './access';
import { ldlBlock } from './ldl-block';

// @ts-ignore: decorator
@inline
const SMALL: f64 = 4096.0;

/**
 * Factors the matrix whose values ax (nnzA f64) go to the factor's values lx (nvals f64) through
 * dest (assemblyMap), on the supernodal structure. ldl = 0: Cholesky; returns 0 or the 1-based
 * column (permuted numbering) whose pivot is not positive. ldl = 1: LDLᵀ with expected pivot signs
 * (n i32 in permuted order, or 0) and regularization eps, delta; returns 0, or 1 with the failure
 * in status (pivots.ts). cwork: updateWorkLength's out[0] f64; wwork: out[1] + n f64 (LDLᵀ only);
 * iwork: n + 3·ns + maxrows i32 (maxrows the largest row count of a supernode).
 */
export function supernodalFactor(
  ldl: i32,
  n: i32,
  ns: i32,
  sfirst: usize,
  srowptr: usize,
  svalptr: usize,
  srows: usize,
  colsuper: usize,
  nnzA: i32,
  ax: usize,
  dest: usize,
  lx: usize,
  nvals: i32,
  signs: usize,
  eps: f64,
  delta: f64,
  status: usize,
  cwork: usize,
  wwork: usize,
  iwork: usize,
): i32 {
  const map = iwork;
  const head = map + (<usize>n << 2);
  const next = head + (<usize>ns << 2);
  const pos = next + (<usize>ns << 2);
  const rel = pos + (<usize>ns << 2);
  store<i32>(status, 0);
  store<i32>(status, -1, 4);
  store<i32>(status, 0, 8);
  memory.fill(lx, 0, <usize>nvals << 3);
  for (let p = 0; p < nnzA; p++) {
    const q = ld(dest, p);
    if (q >= 0) {
      const at = lx + (<usize>q << 3);
      store<f64>(at, load<f64>(at) + ldf(ax, p));
    }
  }
  for (let s = 0; s < ns; s++) st(head, s, -1);
  for (let s = 0; s < ns; s++) {
    const f = ld(sfirst, s);
    const l = ld(sfirst, s + 1);
    const k = l - f;
    const r0 = ld(srowptr, s);
    const r = ld(srowptr, s + 1) - r0;
    const ls = lx + (<usize>ld(svalptr, s) << 3);
    const lrs = <usize>k << 3;
    for (let q = 0; q < r; q++) st(map, ld(srows, r0 + q), q);
    // Updates from the descendants waiting for s.
    let d = ld(head, s);
    while (d != -1) {
      const dnext = ld(next, d);
      const kd = ld(sfirst, d + 1) - ld(sfirst, d);
      const d0 = ld(srowptr, d);
      const rd = ld(srowptr, d + 1) - d0;
      const p1 = ld(pos, d);
      let p2 = p1;
      while (p2 < rd && ld(srows, d0 + p2) < l) p2++;
      const m = rd - p1;
      const nn = p2 - p1;
      const drs = <usize>kd << 3;
      const a1 = lx + (<usize>ld(svalptr, d) << 3) + <usize>p1 * drs;
      const rows = srows + (<usize>(d0 + p1) << 2);
      // The rows p1..p2 of d that multiply: L_d rows themselves, or scaled by D_d.
      let right = a1;
      if (ldl != 0) {
        const dd = lx + (<usize>ld(svalptr, d) << 3);
        for (let j = 0; j < nn; j++) {
          const src = a1 + <usize>j * drs;
          const dst = wwork + <usize>j * drs;
          for (let t = 0; t < kd; t++) {
            store<f64>(dst + (<usize>t << 3), load<f64>(src + (<usize>t << 3)) * load<f64>(dd + <usize>t * drs + (<usize>t << 3)));
          }
        }
        right = wwork;
      }
      // Where rows p1.. of d sit among the rows of s.
      for (let i = 0; i < m; i++) st(rel, i, ld(map, ld(rows, i)));
      if (<f64>m * <f64>nn * <f64>kd < SMALL) {
        for (let i = 0; i < m; i++) {
          const li = ls + <usize>ld(rel, i) * lrs;
          const ai = a1 + <usize>i * drs;
          const jend = min(i + 1, nn);
          for (let j = 0; j < jend; j++) {
            const at = li + (<usize>(ld(rows, j) - f) << 3);
            store<f64>(at, load<f64>(at) - dotUnit(kd, ai, right + <usize>j * drs));
          }
        }
      } else {
        gemmTri(TRI_LOWER, 0, 1, m, nn, kd, 1.0, a1, kd, right, kd, 0.0, cwork, nn);
        for (let i = 0; i < m; i++) {
          const li = ls + <usize>ld(rel, i) * lrs;
          const ci = cwork + <usize>(i * nn) * 8;
          const jend = min(i + 1, nn);
          for (let j = 0; j < jend; j++) {
            const at = li + (<usize>(ld(rows, j) - f) << 3);
            store<f64>(at, load<f64>(at) - load<f64>(ci + (<usize>j << 3)));
          }
        }
      }
      // d waits next for the supernode of its first row below s.
      st(pos, d, p2);
      if (p2 < rd) {
        const t = ld(colsuper, ld(srows, d0 + p2));
        st(next, d, ld(head, t));
        st(head, t, d);
      }
      d = dnext;
    }
    // The diagonal block and the rows below it.
    const below = ls + <usize>k * lrs;
    if (ldl == 0) {
      const info = potrf(k, ls, k);
      if (info != 0) return f + info;
      trsm(1, 0, 1, 0, r - k, k, 1.0, ls, k, below, k);
    } else {
      const sg: usize = signs == 0 ? 0 : signs + (<usize>f << 2);
      if (!ldlBlock(k, ls, k, sg, eps, delta, f, status, wwork)) return 1;
      trsm(1, 0, 1, 1, r - k, k, 1.0, ls, k, below, k);
      for (let i = 0; i < r - k; i++) {
        const row = below + <usize>i * lrs;
        for (let j = 0; j < k; j++) {
          const at = row + (<usize>j << 3);
          store<f64>(at, load<f64>(at) / load<f64>(ls + <usize>j * lrs + (<usize>j << 3)));
        }
      }
    }
    if (r > k) {
      st(pos, s, k);
      const t = ld(colsuper, ld(srows, r0 + k));
      st(next, s, ld(head, t));
      st(head, t, s);
    }
  }
  return 0;
}
