import { analyse } from '../sparse/analyse.js';
import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import { free } from '../wasm/heap.js';

/**
 * A fill-reducing ordering of the KKT matrix [[Q + δI, Aᵀ, Gᵀ], [A, −δI, 0], [G, 0, −W − δI]]
 * (K its lower triangle, blocks of orders n, p and the rest) in which no equality row is
 * eliminated before every x-column of its support: AMD on the pattern of K (composed with its
 * elimination-tree postorder), then each row i of A moved to just after the last column j with
 * aᵢⱼ ≠ 0 in that order, the other pivots keeping their relative order.
 *
 * Why: eliminating an equality row while x-columns of its support remain divides by a pivot of
 * size δ (−δ, when none of them has been eliminated) and adds about aᵢaᵢᵀ/δ to the x block: an
 * element growth of ‖aᵢ‖²/δ, and the computed factor is that of K plus an error of order ε‖A‖²/δ
 * (the bound |ΔK| ≤ γ_N·|L||D||Lᵀ| of an LDLᵀ without pivoting; Higham, Accuracy and Stability of
 * Numerical Algorithms, 2nd ed., §9.3 and ch. 11). Along a direction d with Qd = 0, Ad = 0 (and,
 * at the start, no inequality) the x pivots of K are δ itself, far below that error: the factor
 * came out indefinite along d, pivots were regularized or overflowed, and the solve lost every
 * digit. Once its whole support is eliminated, the pivot of row i is a diagonal entry of the
 * negative definite Schur complement −δI − A·H⁻¹·Aᵀ (further reduced by the equality rows before
 * it), of the size of ‖aᵢ‖²/‖H‖ unless rows of A are nearly dependent, no longer δ. Inequality
 * rows keep AMD's place: their pivots −(w + δ) are of order one at the start and small only at
 * active constraints near the solution, where the refinement against the unregularized K
 * recovers the accuracy. The price is fill: a row waits for its whole support, which AMD may have
 * eliminated later.
 */
export function kktOrdering(K: SparseMatrix, n: number, p: number): Int32Array {
  const analysis = analyse(K, 'amd', 'the KKT matrix');
  const order = analysis.sym.permutation.slice();
  free(analysis.ptr);
  const position = new Float64Array(order.length);
  for (let k = 0; k < order.length; k++) position[order[k]] = k;
  // Column j < n of the lower triangle holds the entries aᵢⱼ at rows n + i.
  for (let j = 0; j < n; j++) {
    for (let q = K.colPtr[j]; q < K.colPtr[j + 1]; q++) {
      const i = K.rowIndex[q];
      if (i >= n && i < n + p) position[i] = Math.max(position[i], position[j] + 0.5);
    }
  }
  return order.sort((a, b) => position[a] - position[b]);
}
