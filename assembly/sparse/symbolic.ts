// The supernodal structure of L (Ng & Peyton, "Block sparse Cholesky algorithms on advanced
// uniprocessor computers", SIAM J. Sci. Comput. 14, 1993; the layout of CHOLMOD's supernodal
// factor): supernode s holds columns sfirst[s] .. sfirst[s+1) − 1 and the sorted row indices
// srows[srowptr[s] ..), its own columns first; its values are a dense nrows × ncols block,
// row-major, at svalptr[s] (in doubles), whose top ncols × ncols part holds the diagonal block in
// its lower triangle. The row indices are found by row subtrees (Davis, "Direct Methods", §4.2):
// row i of L is reached from each a_ij, j < i, by climbing the supernodal tree up to the
// supernode of i, and appending i to every supernode met on the way, in increasing i, keeps
// every list sorted without a sort.
import { ld, st } from './access';

/**
 * srowptr and svalptr (ns + 1 each) from the supernodes' first columns and row counts; returns the
 * number of values Σ ncols·nrows (as f64: the caller checks it fits before using svalptr).
 */
export function supernodePointers(ns: i32, sfirst: usize, srowcount: usize, srowptr: usize, svalptr: usize): f64 {
  let rows = 0;
  let values = 0.0;
  for (let s = 0; s < ns; s++) {
    st(srowptr, s, rows);
    st(svalptr, s, <i32>values);
    const r = ld(srowcount, s);
    rows += r;
    values += <f64>r * <f64>(ld(sfirst, s + 1) - ld(sfirst, s));
  }
  st(srowptr, ns, rows);
  st(svalptr, ns, <i32>values);
  return values;
}

/**
 * colsuper (n: the supernode of each column), sparent (ns: the parent supernode or −1) and the row
 * indices srows from the upper-triangle pattern of the permuted matrix (up, ui) and its
 * elimination tree. work: ns i32 (marks) + ns i32 (fill pointers). Returns 0, or 1 when a
 * supernode's rows do not match its count (an inconsistent analysis; never expected).
 */
export function supernodalRows(
  n: i32,
  ns: i32,
  sfirst: usize,
  srowptr: usize,
  up: usize,
  ui: usize,
  parent: usize,
  colsuper: usize,
  sparent: usize,
  srows: usize,
  work: usize,
): i32 {
  const mark = work;
  const fill = work + (<usize>ns << 2);
  for (let s = 0; s < ns; s++) {
    const f = ld(sfirst, s);
    const l = ld(sfirst, s + 1);
    let q = ld(srowptr, s);
    for (let j = f; j < l; j++) {
      st(colsuper, j, s);
      st(srows, q++, j);
    }
    st(fill, s, q);
    st(mark, s, -1);
  }
  for (let s = 0; s < ns; s++) {
    const p = ld(parent, ld(sfirst, s + 1) - 1);
    st(sparent, s, p == -1 ? -1 : ld(colsuper, p));
  }
  for (let i = 0; i < n; i++) {
    st(mark, ld(colsuper, i), i);
    for (let p = ld(up, i), end = ld(up, i + 1); p < end; p++) {
      const j = ld(ui, p);
      if (j >= i) continue;
      let s = ld(colsuper, j);
      while (ld(mark, s) != i) {
        const q = ld(fill, s);
        if (q >= ld(srowptr, s + 1)) return 1;
        st(srows, q, i);
        st(fill, s, q + 1);
        st(mark, s, i);
        s = ld(sparent, s);
        if (s == -1) return 1;
      }
    }
  }
  for (let s = 0; s < ns; s++) if (ld(fill, s) != ld(srowptr, s + 1)) return 1;
  return 0;
}

/**
 * dest (nnzA i32): for each stored entry of A the position of its value in the factor's values
 * (−1 for an entry above the diagonal, which is not read), from the lower-triangle pattern of the
 * permuted matrix (lp, li) with the source position of each entry (lsrc). map: n i32 workspace.
 */
export function assemblyMap(
  n: i32,
  ns: i32,
  nnzA: i32,
  sfirst: usize,
  srowptr: usize,
  svalptr: usize,
  srows: usize,
  lp: usize,
  li: usize,
  lsrc: usize,
  dest: usize,
  map: usize,
): void {
  for (let p = 0; p < nnzA; p++) st(dest, p, -1);
  for (let s = 0; s < ns; s++) {
    const f = ld(sfirst, s);
    const k = ld(sfirst, s + 1) - f;
    const r0 = ld(srowptr, s);
    for (let q = r0, end = ld(srowptr, s + 1); q < end; q++) st(map, ld(srows, q), q - r0);
    const v0 = ld(svalptr, s);
    for (let c = f; c < f + k; c++) {
      for (let p = ld(lp, c), end = ld(lp, c + 1); p < end; p++) {
        st(dest, ld(lsrc, p), v0 + ld(map, ld(li, p)) * k + (c - f));
      }
    }
  }
}

/**
 * The workspace sizes of the numeric factorization, written to out (2 f64): out[0] = the largest
 * update block m × nn of one supernode to an ancestor (rows from the first row in the ancestor to
 * the end, times the rows inside it), out[1] = the largest nn × ncols (the scaled rows of LDLᵀ) or
 * ncols² (the dense diagonal factorization's), whichever is larger.
 */
export function updateWorkLength(ns: i32, sfirst: usize, srowptr: usize, srows: usize, colsuper: usize, out: usize): void {
  let maxC = 0.0;
  let maxW = 0.0;
  for (let s = 0; s < ns; s++) {
    const k = ld(sfirst, s + 1) - ld(sfirst, s);
    const r0 = ld(srowptr, s);
    const r = ld(srowptr, s + 1) - r0;
    maxW = Math.max(maxW, <f64>k * <f64>k);
    let p1 = k;
    while (p1 < r) {
      const target = ld(colsuper, ld(srows, r0 + p1));
      let p2 = p1 + 1;
      while (p2 < r && ld(colsuper, ld(srows, r0 + p2)) == target) p2++;
      maxC = Math.max(maxC, <f64>(r - p1) * <f64>(p2 - p1));
      maxW = Math.max(maxW, <f64>(p2 - p1) * <f64>k);
      p1 = p2;
    }
  }
  store<f64>(out, maxC);
  store<f64>(out, maxW, 8);
}
