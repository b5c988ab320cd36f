// Column counts of the Cholesky factor without forming it (Gilbert, Ng & Peyton, "An efficient
// algorithm to compute row and column counts for sparse Cholesky factorization", SIAM J. Matrix
// Anal. Appl. 15, 1994; Davis, "Direct Methods for Sparse Linear Systems", §4.5 cs_counts).
// Row i of L is the row subtree of the elimination tree spanned by the nonzeros a_ij, j < i; a
// column count is the number of row subtrees containing that node. Each count is the sum over the
// node's subtree of weights delta: +1 for a leaf of the tree, +1 for each entry a_ij where j is a
// leaf of row subtree i (a skeleton entry, found in postorder by comparing first descendants),
// −1 at the least common ancestor of consecutive leaves of a row subtree (found by path-compressed
// disjoint sets), and −1 at each non-root node for its parent's overlap.
import { ld, st } from './access';

/**
 * colcount (n i32: nonzeros of each column of L, diagonal included) from the lower-triangle
 * pattern (lp: n + 1, li: rows ≥ column) of a matrix whose elimination tree is `parent` and whose
 * postorder is `post`. work: 4n i32.
 */
export function colcounts(n: i32, lp: usize, li: usize, parent: usize, post: usize, colcount: usize, work: usize): void {
  const nb = <usize>n << 2;
  const ancestor = work;
  const maxfirst = ancestor + nb;
  const prevleaf = maxfirst + nb;
  const first = prevleaf + nb;
  const delta = colcount;
  for (let k = 0; k < n; k++) {
    st(maxfirst, k, -1);
    st(prevleaf, k, -1);
    st(first, k, -1);
    st(ancestor, k, k);
  }
  // first[j]: the smallest postorder number in the subtree of j; delta[j] = 1 at leaves.
  for (let k = 0; k < n; k++) {
    let j = ld(post, k);
    st(delta, j, ld(first, j) == -1 ? 1 : 0);
    while (j != -1 && ld(first, j) == -1) {
      st(first, j, k);
      j = ld(parent, j);
    }
  }
  for (let k = 0; k < n; k++) {
    const j = ld(post, k);
    const pj = ld(parent, j);
    if (pj != -1) st(delta, pj, ld(delta, pj) - 1);
    for (let p = ld(lp, j), end = ld(lp, j + 1); p < end; p++) {
      const i = ld(li, p);
      // Is j a leaf of the row subtree of i? Only when first[j] exceeds every first seen for i.
      if (i <= j || ld(first, j) <= ld(maxfirst, i)) continue;
      st(maxfirst, i, ld(first, j));
      const jprev = ld(prevleaf, i);
      st(prevleaf, i, j);
      st(delta, j, ld(delta, j) + 1);
      if (jprev == -1) continue;
      // Not the first leaf: the least common ancestor q of jprev and j loses one.
      let q = jprev;
      while (q != ld(ancestor, q)) q = ld(ancestor, q);
      let s = jprev;
      while (s != q) {
        const sp = ld(ancestor, s);
        st(ancestor, s, q);
        s = sp;
      }
      st(delta, q, ld(delta, q) - 1);
    }
    if (pj != -1) st(ancestor, j, pj);
  }
  for (let j = 0; j < n; j++) {
    const pj = ld(parent, j);
    if (pj != -1) st(colcount, pj, ld(colcount, pj) + ld(colcount, j));
  }
}
