// Seeded test systems and an independent dense solver (Gaussian elimination with partial
// pivoting in plain TypeScript) for the Krylov and implicit-differentiation tests.
import { rng } from './random.js';

export { rng };

/** n × m row-major matrix of uniform entries in [-1, 1). */
export function randomDense(n: number, m: number, seed: number): Float64Array {
  const r = rng(seed);
  const a = new Float64Array(n * m);
  for (let i = 0; i < a.length; i++) a[i] = 2 * r() - 1;
  return a;
}

/** Random vector in [-1, 1)^n. */
export function randomVector(n: number, seed: number): Float64Array {
  return randomDense(n, 1, seed);
}

/** Q diag(eigenvalues) Qᵀ with Q from Householder reflections of random vectors (exactly symmetric). */
export function symmetricWithSpectrum(eigenvalues: ArrayLike<number>, seed: number): Float64Array {
  const n = eigenvalues.length;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) a[i * n + i] = eigenvalues[i];
  // Apply H = I − 2 u uᵀ on both sides, three times: A ← H A H.
  for (let rep = 0; rep < 3; rep++) {
    const u = randomVector(n, seed + 17 * rep);
    let nu = 0;
    for (let i = 0; i < n; i++) nu += u[i] * u[i];
    nu = Math.sqrt(nu);
    for (let i = 0; i < n; i++) u[i] /= nu;
    const au = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) au[i] += a[i * n + j] * u[j];
    let uau = 0;
    for (let i = 0; i < n; i++) uau += u[i] * au[i];
    // H A H = A − 2 u (Au)ᵀ − 2 (Au) uᵀ + 4 (uᵀAu) u uᵀ
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        a[i * n + j] += -2 * u[i] * au[j] - 2 * au[i] * u[j] + 4 * uau * u[i] * u[j];
      }
    }
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  }
  return a;
}

/** Dense x = A⁻¹ b by Gaussian elimination with partial pivoting (the test's own oracle). */
export function denseSolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]) > Math.abs(m[p * n + k])) p = i;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j];
        m[k * n + j] = m[p * n + j];
        m[p * n + j] = t;
      }
      const t = x[k];
      x[k] = x[p];
      x[p] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k] / m[k * n + k];
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j] -= f * m[k * n + j];
      x[i] -= f * x[k];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i];
    for (let j = i + 1; j < n; j++) s -= m[i * n + j] * x[j];
    x[i] = s / m[i * n + i];
  }
  return x;
}

/** max_i |a_i − b_i| / max(1, max_i |b_i|). */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  let s = 1;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}
