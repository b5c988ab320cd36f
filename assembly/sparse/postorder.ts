// Postorder of a forest given by parent pointers (Davis, "Direct Methods for Sparse Linear
// Systems", §4.3 cs_post): children are visited in increasing order, and every subtree gets
// consecutive numbers, which makes the columns of each supernode contiguous and leaves the fill
// of the factorization unchanged (the elimination tree is only relabelled).
import { ld, st } from './access';
import { depthFirst } from './amd';

/** post (n i32): post[k] is the node numbered k. work: 3n i32. */
export function postorder(n: i32, parent: usize, post: usize, work: usize): void {
  const head = work;
  const next = head + (<usize>n << 2);
  const stack = next + (<usize>n << 2);
  for (let j = 0; j < n; j++) st(head, j, -1);
  for (let j = n - 1; j >= 0; j--) {
    const p = ld(parent, j);
    if (p == -1) continue;
    st(next, j, ld(head, p));
    st(head, p, j);
  }
  let k = 0;
  for (let j = 0; j < n; j++) {
    if (ld(parent, j) == -1) k = depthFirst(j, k, head, next, post, stack);
  }
}
