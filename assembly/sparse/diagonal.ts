// What the diagonal of a supernodal factor tells: log det A = 2·Σ log l_jj for Cholesky, and for
// LDLᵀ log |det A| = Σ log |d_j| and the inertia of A (Sylvester's law: A and D are congruent,
// so they have as many positive and negative eigenvalues).
import { ld } from './access';

/**
 * Writes to out (3 f64): Σ log |diag|, the number of positive and of negative diagonal entries of
 * the supernodal factor (the diagonal of each supernode's top block).
 */
export function supernodalDiagonal(ns: i32, sfirst: usize, svalptr: usize, lx: usize, out: usize): void {
  let logs = 0.0;
  let positive = 0;
  let negative = 0;
  for (let s = 0; s < ns; s++) {
    const k = ld(sfirst, s + 1) - ld(sfirst, s);
    const ls = lx + (<usize>ld(svalptr, s) << 3);
    for (let j = 0; j < k; j++) {
      const d = load<f64>(ls + (<usize>(j * k + j) << 3));
      logs += Math.log(Math.abs(d));
      if (d > 0.0) positive++;
      else if (d < 0.0) negative++;
    }
  }
  store<f64>(out, logs);
  store<f64>(out, <f64>positive, 8);
  store<f64>(out, <f64>negative, 16);
}
