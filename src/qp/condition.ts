/**
 * An estimate of ‖B‖₁ for a symmetric B known only through products v ↦ B·v: Hager's method as
 * refined by Higham ("FORTRAN codes for estimating the one-norm of a real or complex matrix",
 * 1988, the algorithm of LAPACK dlacon), at most five iterations of x ← e_j at the largest
 * |(B·sign(B·x))_j|, then the larger of that and Higham's alternating test vector. B symmetric, so
 * Bᵀ = B and each iteration takes two products. A lower bound, almost always within a factor 3.
 */
export function symmetricNormOneEstimate(n: number, apply: (v: Float64Array) => Float64Array): number {
  if (n === 0) return 0;
  let x = new Float64Array(n).fill(1 / n);
  let estimate = 0;
  let last = -1;
  for (let iteration = 0; iteration < 5; iteration++) {
    const y = apply(x);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += Math.abs(y[i]);
    if (iteration > 0 && norm <= estimate) break;
    estimate = norm;
    const z = apply(y.map((t) => (t >= 0 ? 1 : -1)));
    let j = 0;
    for (let i = 1; i < n; i++) if (Math.abs(z[i]) > Math.abs(z[j])) j = i;
    let zx = 0;
    for (let i = 0; i < n; i++) zx += z[i] * x[i];
    if (j === last || Math.abs(z[j]) <= zx) break;
    last = j;
    x = new Float64Array(n);
    x[j] = 1;
  }
  const alternating = new Float64Array(n);
  for (let i = 0; i < n; i++) alternating[i] = (i % 2 === 0 ? 1 : -1) * (1 + (n > 1 ? i / (n - 1) : 0));
  const y = apply(alternating);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += Math.abs(y[i]);
  return Math.max(estimate, (2 * norm) / (3 * n));
}
