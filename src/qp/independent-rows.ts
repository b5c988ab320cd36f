import type { DenseQP } from './problem.js';

/** A row whose component orthogonal to the rows before it is below this fraction of its norm is dependent. */
const DEPENDENCE = 1e-9;

/**
 * A maximal linearly independent subset of the rows `order` of the stacked G, together with all of
 * A's rows (taken first and always kept), chosen greedily in the given order: modified Gram–Schmidt
 * with one reorthogonalization ("twice is enough", Giraud, Langou & Rozložník 2005), a row kept
 * when its component orthogonal to the kept ones exceeds 1e-9 of its norm. O(n·(p + k)²) flops.
 * Returns the kept rows of G in the order they were taken.
 */
export function independentRows(qp: DenseQP, order: number[]): number[] {
  const { n, p, A, G } = qp;
  const basis: Float64Array[] = [];
  const orthogonalize = (row: Float64Array): number => {
    let norm0 = 0;
    for (let j = 0; j < n; j++) norm0 += row[j] * row[j];
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let d = 0;
        for (let j = 0; j < n; j++) d += q[j] * row[j];
        for (let j = 0; j < n; j++) row[j] -= d * q[j];
      }
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += row[j] * row[j];
    if (!(Math.sqrt(norm) > DEPENDENCE * Math.sqrt(norm0))) return 0;
    const f = 1 / Math.sqrt(norm);
    for (let j = 0; j < n; j++) row[j] *= f;
    basis.push(row);
    return 1;
  };
  for (let i = 0; i < p; i++) orthogonalize(A.slice(i * n, (i + 1) * n));
  const kept: number[] = [];
  for (const row of order) if (orthogonalize(G.slice(row * n, (row + 1) * n))) kept.push(row);
  return kept;
}
