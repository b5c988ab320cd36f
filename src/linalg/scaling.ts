import { f64View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';

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
// scalings are kept in the factorization's block, where the kernels read them.

/** Row and column scalings R = diag(r), C = diag(c) applied to a general matrix. */
export interface GeneralScaling {
  readonly r: Float64Array;
  readonly c: Float64Array;
}

/**
 * Equilibrates the n × n matrix at `ptr` (leading dimension n, finite) in place where needed,
 * writing r and c at `rAt` and `cAt` (n doubles each, in WASM memory); returns a copy of the
 * scalings applied, or undefined when none was (the matrix is then unchanged). A zero row or column
 * is left to the factorization to report.
 */
export function equilibrateGeneral(ptr: number, n: number, rAt: number, cAt: number): GeneralScaling | undefined {
  if (n === 0) return undefined;
  const k = kernels();
  const out = scratch(8 * 3, 'equilibration workspace');
  if (k.geequb(n, n, ptr, n, rAt, cAt, out) !== 0) return undefined;
  const [rowcnd, colcnd, amax] = f64View(out, 3);
  if (k.laqge(n, n, ptr, n, rAt, cAt, rowcnd, colcnd, amax) === 0) return undefined;
  return { r: f64View(rAt, n).slice(), c: f64View(cAt, n).slice() };
}

/**
 * Equilibrates the symmetric n × n matrix whose lower triangle is at `ptr` in place where needed,
 * writing s at `sAt` (n doubles, in WASM memory); returns a copy of the scaling applied, or
 * undefined when none was.
 */
export function equilibrateSymmetric(ptr: number, n: number, sAt: number): Float64Array | undefined {
  if (n === 0) return undefined;
  const k = kernels();
  const out = scratch(8 * 2, 'equilibration workspace');
  if (k.syequb(n, ptr, n, sAt, out) !== 0) return undefined;
  const [scond, amax] = f64View(out, 2);
  if (k.laqsy(n, ptr, n, sAt, scond, amax) === 0) return undefined;
  return f64View(sAt, n).slice();
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
