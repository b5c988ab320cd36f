// Approximate minimum degree ordering of a symmetric pattern (Amestoy, Davis & Duff, "An
// approximate minimum degree ordering algorithm", SIAM J. Matrix Anal. Appl. 17, 1996, and
// "Algorithm 837: AMD", ACM TOMS 30, 2004; the compact form of Davis, "Direct Methods for Sparse
// Linear Systems", SIAM 2006, §7.1).
//
// The elimination is simulated on the quotient graph: eliminating a pivot k turns k and the
// elements adjacent to it into one new element Lk (the clique of its neighbours), stored as a
// list, so memory never exceeds that of the original graph plus elbow room. Each object lives in
// ci starting at cp[i]: a variable's list holds elen[i] elements followed by len[i] − elen[i]
// variables; an element's list holds its variables. Instead of exact degrees (too costly) each
// variable gets the upper bound d(i) ≈ |A_i \ i| + |Lk \ i| + Σ_{e ∈ E_i \ k} |Le \ Lk| of AMD,
// where |Le \ Lk| comes from one scan of the elements adjacent to Lk (w[e] − mark below).
// Further: mass elimination (a variable adjacent only to Lk is eliminated with k), supervariables
// (indistinguishable variables found by hashing their adjacency and merged), aggressive element
// absorption (an element contained in Lk is absorbed into it), and dense rows (degree above
// max(16, 10·√n), as SuiteSparse AMD's default) ordered last. The ordering is finally the
// postorder of the assembly tree of the elements.
//
// Encoding: nv[i] > 0 is the size of supervariable i; nv[i] < 0 marks i as in the current Lk;
// nv[i] = 0 a non-principal or eliminated variable. elen[i] = −2 marks an element, −1 a variable
// absorbed into another; cp[i] = flip(p) points from an absorbed object to its representative p.
import { flip, ld, st } from './access';

/** Bytes of amd's integer workspace: 8 arrays of n + 1. */
export function amdWorkLength(n: i32): i32 {
  return 8 * (n + 1);
}

/** Length of ci that amd needs for a graph with nz adjacency entries: nz plus elbow room nz/5 + 2n. */
export function amdGraphLength(n: i32, nz: i32): i32 {
  return nz + nz / 5 + 2 * n + 1;
}

/**
 * Orders the graph (cp: n + 1, ci: its adjacency without self loops, capacity nzmax ≥
 * amdGraphLength(n, cp[n])); both are destroyed. Writes perm (n + 1 i32; perm[k] is the k-th
 * pivot, perm[n] = n a placeholder) using work (amdWorkLength(n) i32).
 */
export function amd(n: i32, cp: usize, ci: usize, nzmax: i32, perm: usize, work: usize): void {
  const n1 = <usize>(n + 1) << 2;
  const len = work;
  const nv = len + n1;
  const next = nv + n1;
  const head = next + n1;
  const elen = head + n1;
  const degree = elen + n1;
  const w = degree + n1;
  const hhead = w + n1;
  const last = perm;
  if (n == 0) {
    st(perm, 0, 0);
    return;
  }
  let dense = <i32>Math.max(16.0, 10.0 * Math.sqrt(<f64>n));
  dense = min(n - 2, dense);
  let cnz = ld(cp, n);
  for (let k = 0; k < n; k++) st(len, k, ld(cp, k + 1) - ld(cp, k));
  st(len, n, 0);
  for (let i = 0; i <= n; i++) {
    st(head, i, -1);
    st(last, i, -1);
    st(next, i, -1);
    st(hhead, i, -1);
    st(nv, i, 1);
    st(w, i, 1);
    st(elen, i, 0);
    st(degree, i, ld(len, i));
  }
  let mark = clearMarks(0, 0, w, n);
  st(elen, n, -2);
  st(cp, n, -1);
  st(w, n, 0);
  let nel = 0;
  // Degree lists; empty variables become elements at once, dense ones join the placeholder n.
  for (let i = 0; i < n; i++) {
    const d = ld(degree, i);
    if (d == 0) {
      st(elen, i, -2);
      nel++;
      st(cp, i, -1);
      st(w, i, 0);
    } else if (d > dense) {
      st(nv, i, 0);
      st(elen, i, -1);
      nel++;
      st(cp, i, flip(n));
      st(nv, n, ld(nv, n) + 1);
    } else {
      const h = ld(head, d);
      if (h != -1) st(last, h, i);
      st(next, i, h);
      st(head, d, i);
    }
  }
  let mindeg = 0;
  let lemax = 0;
  while (nel < n) {
    // Pivot: a variable of minimum approximate degree.
    let k = -1;
    for (; mindeg < n; mindeg++) {
      k = ld(head, mindeg);
      if (k != -1) break;
    }
    const nk = ld(next, k);
    if (nk != -1) st(last, nk, -1);
    st(head, mindeg, nk);
    const elenk = ld(elen, k);
    let nvk = ld(nv, k);
    nel += nvk;

    // Garbage collection when the new element may not fit after cnz.
    if (elenk > 0 && cnz + mindeg >= nzmax) {
      for (let j = 0; j < n; j++) {
        const p = ld(cp, j);
        if (p >= 0) {
          st(cp, j, ld(ci, p));
          st(ci, p, flip(j));
        }
      }
      let q = 0;
      for (let p = 0; p < cnz; ) {
        const j = flip(ld(ci, p++));
        if (j >= 0) {
          st(ci, q, ld(cp, j));
          st(cp, j, q++);
          for (let k3 = 0; k3 < ld(len, j) - 1; k3++) st(ci, q++, ld(ci, p++));
        }
      }
      cnz = q;
    }

    // The new element Lk: the variables of k and of every element adjacent to k.
    let dk = 0;
    st(nv, k, -nvk);
    let p = ld(cp, k);
    const pk1 = elenk == 0 ? p : cnz;
    let pk2 = pk1;
    for (let k1 = 1; k1 <= elenk + 1; k1++) {
      let e: i32;
      let pj: i32;
      let ln: i32;
      if (k1 > elenk) {
        e = k;
        pj = p;
        ln = ld(len, k) - elenk;
      } else {
        e = ld(ci, p++);
        pj = ld(cp, e);
        ln = ld(len, e);
      }
      for (let k2 = 1; k2 <= ln; k2++) {
        const i = ld(ci, pj++);
        const nvi = ld(nv, i);
        if (nvi <= 0) continue;
        dk += nvi;
        st(nv, i, -nvi);
        st(ci, pk2++, i);
        const ni = ld(next, i);
        const li = ld(last, i);
        if (ni != -1) st(last, ni, li);
        if (li != -1) st(next, li, ni);
        else st(head, ld(degree, i), ni);
      }
      if (e != k) {
        st(cp, e, flip(k));
        st(w, e, 0);
      }
    }
    if (elenk != 0) cnz = pk2;
    st(degree, k, dk);
    st(cp, k, pk1);
    st(len, k, pk2 - pk1);
    st(elen, k, -2);

    // |Le \ Lk| for every element e adjacent to a variable of Lk: w[e] − mark.
    mark = clearMarks(mark, lemax, w, n);
    for (let pk = pk1; pk < pk2; pk++) {
      const i = ld(ci, pk);
      const eln = ld(elen, i);
      if (eln <= 0) continue;
      const nvi = -ld(nv, i);
      const wnvi = mark - nvi;
      for (let q = ld(cp, i), end = ld(cp, i) + eln; q < end; q++) {
        const e = ld(ci, q);
        const we = ld(w, e);
        if (we >= mark) st(w, e, we - nvi);
        else if (we != 0) st(w, e, ld(degree, e) + wnvi);
      }
    }

    // Approximate degrees of the variables of Lk; pruned lists, hash keys for supervariables.
    for (let pk = pk1; pk < pk2; pk++) {
      const i = ld(ci, pk);
      const p1 = ld(cp, i);
      const p2 = p1 + ld(elen, i) - 1;
      let pn = p1;
      let h: u32 = 0;
      let d = 0;
      for (let q = p1; q <= p2; q++) {
        const e = ld(ci, q);
        const we = ld(w, e);
        if (we != 0) {
          const dext = we - mark;
          if (dext > 0) {
            d += dext;
            st(ci, pn++, e);
            h += <u32>e;
          } else {
            // aggressive absorption: Le ⊆ Lk
            st(cp, e, flip(k));
            st(w, e, 0);
          }
        }
      }
      st(elen, i, pn - p1 + 1);
      const p3 = pn;
      const p4 = p1 + ld(len, i);
      for (let q = p2 + 1; q < p4; q++) {
        const j = ld(ci, q);
        const nvj = ld(nv, j);
        if (nvj <= 0) continue;
        d += nvj;
        st(ci, pn++, j);
        h += <u32>j;
      }
      if (d == 0) {
        // mass elimination: i is adjacent to Lk only
        st(cp, i, flip(k));
        const nvi = -ld(nv, i);
        dk -= nvi;
        nvk += nvi;
        nel += nvi;
        st(nv, i, 0);
        st(elen, i, -1);
      } else {
        st(degree, i, min(ld(degree, i), d));
        st(ci, pn, ld(ci, p3));
        st(ci, p3, ld(ci, p1));
        st(ci, p1, k);
        st(len, i, pn - p1 + 1);
        const hb = <i32>(h % <u32>n);
        st(next, i, ld(hhead, hb));
        st(hhead, hb, i);
        st(last, i, hb);
      }
    }
    st(degree, k, dk);
    lemax = max(lemax, dk);
    mark = clearMarks(mark + lemax, lemax, w, n);

    // Supervariables: variables of Lk with equal hash, lengths and adjacency are merged.
    for (let pk = pk1; pk < pk2; pk++) {
      let i = ld(ci, pk);
      if (ld(nv, i) >= 0) continue;
      const hb = ld(last, i);
      i = ld(hhead, hb);
      st(hhead, hb, -1);
      for (; i != -1 && ld(next, i) != -1; i = ld(next, i), mark++) {
        const ln = ld(len, i);
        const eln = ld(elen, i);
        const ci0 = ld(cp, i);
        for (let q = ci0 + 1; q <= ci0 + ln - 1; q++) st(w, ld(ci, q), mark);
        let jlast = i;
        for (let j = ld(next, i); j != -1; ) {
          let ok = ld(len, j) == ln && ld(elen, j) == eln;
          const cj0 = ld(cp, j);
          for (let q = cj0 + 1; ok && q <= cj0 + ln - 1; q++) {
            if (ld(w, ld(ci, q)) != mark) ok = false;
          }
          if (ok) {
            st(cp, j, flip(i));
            st(nv, i, ld(nv, i) + ld(nv, j));
            st(nv, j, 0);
            st(elen, j, -1);
            j = ld(next, j);
            st(next, jlast, j);
          } else {
            jlast = j;
            j = ld(next, j);
          }
        }
      }
    }

    // Finalize Lk: principal variables back in the degree lists with their new degrees.
    p = pk1;
    for (let pk = pk1; pk < pk2; pk++) {
      const i = ld(ci, pk);
      const nvi = -ld(nv, i);
      if (nvi <= 0) continue;
      st(nv, i, nvi);
      let d = ld(degree, i) + dk - nvi;
      d = min(d, n - nel - nvi);
      const hd = ld(head, d);
      if (hd != -1) st(last, hd, i);
      st(next, i, hd);
      st(last, i, -1);
      st(head, d, i);
      mindeg = min(mindeg, d);
      st(degree, i, d);
      st(ci, p++, i);
    }
    st(nv, k, nvk);
    st(len, k, p - pk1);
    if (p - pk1 == 0) {
      st(cp, k, -1);
      st(w, k, 0);
    }
    if (elenk != 0) cnz = p;
  }

  // Postorder of the assembly tree: variables follow their representative, elements their parent.
  for (let i = 0; i < n; i++) st(cp, i, flip(ld(cp, i)));
  for (let j = 0; j <= n; j++) st(head, j, -1);
  for (let j = n; j >= 0; j--) {
    if (ld(nv, j) > 0) continue;
    const parent = ld(cp, j);
    if (parent == -1) continue;
    st(next, j, ld(head, parent));
    st(head, parent, j);
  }
  for (let e = n; e >= 0; e--) {
    if (ld(nv, e) <= 0) continue;
    const parent = ld(cp, e);
    if (parent != -1) {
      st(next, e, ld(head, parent));
      st(head, parent, e);
    }
  }
  let k = 0;
  for (let i = 0; i <= n; i++) {
    if (ld(cp, i) == -1) k = depthFirst(i, k, head, next, perm, w);
  }
}

/** Resets the marks w[i] ≥ 1 to 1 when mark would overflow (or starts them); returns the mark to use. */
function clearMarks(mark: i32, lemax: i32, w: usize, n: i32): i32 {
  if (mark < 2 || mark + lemax < 0) {
    for (let k = 0; k < n; k++) if (ld(w, k) != 0) st(w, k, 1);
    mark = 2;
  }
  return mark;
}

/**
 * Postorder of the tree rooted at j given as child lists (head, next), appended to post from
 * position k, with an explicit stack (Davis, §4.3 cs_tdfs); head is consumed. Returns the new k.
 */
export function depthFirst(j: i32, k: i32, head: usize, next: usize, post: usize, stack: usize): i32 {
  let top = 0;
  st(stack, 0, j);
  while (top >= 0) {
    const p = ld(stack, top);
    const i = ld(head, p);
    if (i == -1) {
      top--;
      st(post, k++, p);
    } else {
      st(head, p, ld(next, i));
      st(stack, ++top, i);
    }
  }
  return k;
}
