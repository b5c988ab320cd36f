// Patterns derived from the lower triangle of a symmetric matrix A in compressed sparse columns
// (column pointers ap, row indices ai; entries above the diagonal are ignored, so a full
// symmetric matrix may be passed as well): the adjacency structure of A for the ordering, and
// the triangles of the permuted matrix P·A·Pᵀ for the symbolic analysis (Davis, "Direct Methods
// for Sparse Linear Systems", §2.5 cs_transpose and §7.1 cs_symperm).
import { ld, st } from './access';

/**
 * The pattern of A + Aᵀ without its diagonal (the graph of A) from A's strictly lower entries, in
 * cp (n + 1) and ci (twice the number of strictly lower entries); w: n i32 workspace.
 */
export function symmetricPattern(n: i32, ap: usize, ai: usize, cp: usize, ci: usize, w: usize): void {
  for (let k = 0; k < n; k++) st(w, k, 0);
  for (let j = 0; j < n; j++) {
    for (let p = ld(ap, j), end = ld(ap, j + 1); p < end; p++) {
      const i = ld(ai, p);
      if (i <= j) continue;
      st(w, i, ld(w, i) + 1);
      st(w, j, ld(w, j) + 1);
    }
  }
  cumulate(n, cp, w);
  for (let j = 0; j < n; j++) {
    for (let p = ld(ap, j), end = ld(ap, j + 1); p < end; p++) {
      const i = ld(ai, p);
      if (i <= j) continue;
      const qi = ld(w, i);
      st(ci, qi, j);
      st(w, i, qi + 1);
      const qj = ld(w, j);
      st(ci, qj, i);
      st(w, j, qj + 1);
    }
  }
}

/**
 * The pattern of one triangle of C = P·A·Pᵀ, diagonal included, from A's lower entries: with
 * iperm[i] the new index of row i, entry (i, j), i ≥ j, of A goes to (r, c) = (max, min) of
 * (iperm[i], iperm[j]): to column r, row c of the upper triangle (upper = 1) or to column c, row r
 * of the lower (upper = 0). Writes tp (n + 1), ti, and when src ≠ 0 the position in ai of each
 * entry's source in src. w: n i32 workspace. Rows within a column come in no particular order.
 */
export function permutedTriangle(
  n: i32,
  ap: usize,
  ai: usize,
  iperm: usize,
  upper: i32,
  tp: usize,
  ti: usize,
  src: usize,
  w: usize,
): void {
  for (let k = 0; k < n; k++) st(w, k, 0);
  for (let j = 0; j < n; j++) {
    const b = ld(iperm, j);
    for (let p = ld(ap, j), end = ld(ap, j + 1); p < end; p++) {
      const i = ld(ai, p);
      if (i < j) continue;
      const a = ld(iperm, i);
      const col = (upper != 0) == a > b ? a : b;
      st(w, col, ld(w, col) + 1);
    }
  }
  cumulate(n, tp, w);
  for (let j = 0; j < n; j++) {
    const b = ld(iperm, j);
    for (let p = ld(ap, j), end = ld(ap, j + 1); p < end; p++) {
      const i = ld(ai, p);
      if (i < j) continue;
      const a = ld(iperm, i);
      const hi = a > b ? a : b;
      const lo = a > b ? b : a;
      const col = upper != 0 ? hi : lo;
      const q = ld(w, col);
      st(ti, q, upper != 0 ? lo : hi);
      if (src != 0) st(src, q, p);
      st(w, col, q + 1);
    }
  }
}

/** tp[k] = Σ_{i<k} count[i] (k ≤ n); count[k] becomes tp[k], the next free slot of column k. */
function cumulate(n: i32, tp: usize, count: usize): void {
  let s = 0;
  for (let k = 0; k < n; k++) {
    st(tp, k, s);
    const c = ld(count, k);
    st(count, k, s);
    s += c;
  }
  st(tp, n, s);
}
