// Supernodes of the Cholesky factor from its elimination tree and column counts, in a postordered
// numbering (Liu, Ng & Peyton, "On finding supernodes for sparse matrix computations", SIAM J.
// Matrix Anal. Appl. 14, 1993): column j + 1 continues the fundamental supernode of column j when
// j + 1 is the parent of j, its only child, and count(j) = count(j + 1) + 1 — the columns then
// share one row structure and form a dense trapezoid. Fundamental supernodes are then amalgamated
// (relaxed) with the parent that follows them, as CHOLMOD's cholmod_super does with its default
// thresholds: always up to 4 columns, and beyond while the explicit zeros so added stay below 80%
// (up to 16 columns), 10% (up to 48) or 5% of the merged supernode. Fewer, larger supernodes
// make larger dense blocks for the BLAS-3 kernels at the price of a few stored zeros.
import { ld, st } from './access';

// @ts-ignore: decorator
@inline
function merges(ncols: f64, rows: f64, zeros: f64): bool {
  if (ncols <= 4.0) return true;
  const total = ncols * rows - (ncols * (ncols - 1.0)) / 2.0;
  const z = zeros / total;
  return (ncols <= 16.0 && z < 0.8) || (ncols <= 48.0 && z < 0.1) || z < 0.05;
}

/**
 * Writes the first column of each supernode to sfirst (capacity n + 1; sfirst[ns] = n) and the
 * row count of each (its first column's, relaxed zeros included) to srowcount (capacity n);
 * returns ns. parent and colcount are in a postordered numbering. work: 4n i32 + 2n f64.
 */
export function supernodes(n: i32, parent: usize, colcount: usize, sfirst: usize, srowcount: usize, work: usize): i32 {
  if (n == 0) {
    st(sfirst, 0, 0);
    return 0;
  }
  const nb = <usize>n << 2;
  const nchild = work;
  const ffirst = nchild + nb; // fundamental supernodes: first column (n + 1)
  const fparent = ffirst + nb + 4; // parent fundamental supernode, or −1
  const absorbed = fparent + nb; // 1 when merged into the supernode before it
  const zeros = (absorbed + nb + 7) & ~(<usize>7); // f64: stored zeros of the group starting here
  const cols = zeros + (<usize>n << 3); // f64: columns of the group starting here
  for (let j = 0; j < n; j++) st(nchild, j, 0);
  for (let j = 0; j < n; j++) {
    const p = ld(parent, j);
    if (p != -1) st(nchild, p, ld(nchild, p) + 1);
  }
  let nf = 0;
  for (let j = 0; j < n; j++) {
    const continues =
      j > 0 && ld(parent, j - 1) == j && ld(nchild, j) == 1 && ld(colcount, j - 1) == ld(colcount, j) + 1;
    if (!continues) st(ffirst, nf++, j);
  }
  st(ffirst, nf, n);
  // The supernode of each column (in nchild, no longer needed), then the fundamental tree.
  for (let s = 0; s < nf; s++) for (let j = ld(ffirst, s); j < ld(ffirst, s + 1); j++) st(nchild, j, s);
  for (let s = 0; s < nf; s++) {
    const p = ld(parent, ld(ffirst, s + 1) - 1);
    st(fparent, s, p == -1 ? -1 : ld(nchild, p));
    st(absorbed, s, 0);
    store<f64>(zeros + (<usize>s << 3), 0.0);
    store<f64>(cols + (<usize>s << 3), <f64>(ld(ffirst, s + 1) - ld(ffirst, s)));
  }
  // rows[s] of a group = colcount of its first column; a child s merged into the group G = s + 1
  // (its parent, which follows it in postorder) gives k = ks + kG, rows = ks + rows_G and
  // ks·(ks + rows_G − rows_s) new zeros in the columns of s.
  for (let s = nf - 2; s >= 0; s--) {
    if (ld(fparent, s) != s + 1) continue;
    const ks = load<f64>(cols + (<usize>s << 3));
    const kg = load<f64>(cols + (<usize>(s + 1) << 3));
    const rs = <f64>ld(colcount, ld(ffirst, s));
    const rg = <f64>ld(colcount, ld(ffirst, s + 1));
    const z = load<f64>(zeros + (<usize>s << 3)) + load<f64>(zeros + (<usize>(s + 1) << 3)) + ks * (ks + rg - rs);
    if (!merges(ks + kg, ks + rg, z)) continue;
    st(absorbed, s + 1, 1);
    store<f64>(zeros + (<usize>s << 3), z);
    store<f64>(cols + (<usize>s << 3), ks + kg);
    // The group now starts at s: its first column's count is that of the merged trapezoid.
    st(colcount, ld(ffirst, s), <i32>(ks + rg));
  }
  let ns = 0;
  for (let s = 0; s < nf; s++) {
    if (ld(absorbed, s) != 0) continue;
    const f = ld(ffirst, s);
    st(sfirst, ns, f);
    st(srowcount, ns, ld(colcount, f));
    ns++;
  }
  st(sfirst, ns, n);
  return ns;
}
