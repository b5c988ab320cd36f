// Equilibration of a matrix before it is factored (assembly/equilibrate.ts: power-of-two scalings,
// as LAPACK dgeequb/dlaqge, and a symmetric S·A·S for the symmetric factorizations). A scaling is
// applied only where LAPACK's rule asks for it: rows or columns whose maxima vary by more than a
// factor 10, or entries within 2^±970 of the overflow or underflow threshold. A well-scaled matrix
// is left as it is, so its factors and solutions are bit for bit those of the unscaled algorithm.
// A scaled one is solved as the scaled system (the kernel's `scaledSolve`, assembly/checked.ts):
//   general   Â = R·A·C:  A·x = b  ⇔  Â·(C⁻¹x) = R·b,  x = C·Â⁻¹·(R·b);  Aᵀx = b ⇒ x = R·Â⁻ᵀ·(C·b)
//   symmetric Â = S·A·S:  x = S·Â⁻¹·(S·b)
// where the unscaled one could overflow in its intermediate products (entries near 10³⁰⁰ times a
// solution of 10¹⁶) or lose its condition estimate to underflow (entries near 10⁻³⁰⁰). The
// equilibration runs in the factorization's kernel call (assembly/factor-dense.ts) and its
// scalings stay in the factorization's block, where the solve kernels read them; this file holds
// what the determinants and factors of A need from them.

/** Row and column scalings R = diag(r), C = diag(c) applied to a general matrix. */
export interface GeneralScaling {
  readonly r: Float64Array;
  readonly c: Float64Array;
}

/** Σᵢ log dᵢ: what a diagonal scaling adds to log |det|. */
export function logSum(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += Math.log(d[i]);
  return s;
}

/** Σᵢ log₂ dᵢ of power-of-two factors, exactly (an integer). */
export function log2Sum(d: Float64Array): number {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += Math.round(Math.log2(d[i]));
  return s;
}

/** x·2^e without intermediate overflow or underflow (as C's ldexp), for integer e. */
export function ldexp(x: number, e: number): number {
  let y = x;
  let k = e;
  while (k > 1000 && Number.isFinite(y) && y !== 0) {
    y *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000 && y !== 0 && Number.isFinite(y)) {
    y *= 2 ** -1000;
    k += 1000;
  }
  return y * 2 ** k;
}

/** 1 / dᵢ for power-of-two factors (exact). */
export function reciprocals(d: Float64Array): Float64Array {
  const out = new Float64Array(d.length);
  for (let i = 0; i < d.length; i++) out[i] = 1 / d[i];
  return out;
}
