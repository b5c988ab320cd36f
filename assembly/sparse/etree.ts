// Elimination tree of a symmetric matrix from the upper triangle of its pattern (Liu, "The role of
// elimination trees in sparse factorization", SIAM J. Matrix Anal. Appl. 11, 1990; Davis, "Direct
// Methods for Sparse Linear Systems", §4.1 cs_etree): parent[i] is the row index of the first
// off-diagonal nonzero in column i of L. For each column k and each a_ik ≠ 0 with i < k, the path
// from i up the partial tree (with path compression through `ancestor`) ends at a root, whose
// parent becomes k.
import { ld, st } from './access';

/** parent (n i32, −1 for a root) from the upper-triangle pattern (up: n + 1, ui); ancestor: n i32 workspace. */
export function etree(n: i32, up: usize, ui: usize, parent: usize, ancestor: usize): void {
  for (let k = 0; k < n; k++) {
    st(parent, k, -1);
    st(ancestor, k, -1);
    for (let p = ld(up, k), end = ld(up, k + 1); p < end; p++) {
      let i = ld(ui, p);
      while (i != -1 && i < k) {
        const inext = ld(ancestor, i);
        st(ancestor, i, k);
        if (inext == -1) st(parent, i, k);
        i = inext;
      }
    }
  }
}
