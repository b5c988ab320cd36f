// Compiled only where the lib declares Symbol.dispose (here through @types/node): a factorization
// is then a Disposable, and `using` frees it at the end of the block.
import { type Cholesky, cholesky } from 'implicit-diff';

export function logDetOf(a: number[][]): number {
  using chol: Cholesky = cholesky(a);
  const disposable: Disposable = chol;
  return disposable === chol ? chol.logDet() : Number.NaN;
}
