import { f64View } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import { scratch } from '../wasm/scratch.js';

// Equilibration of a matrix before it is factored (assembly/equilibrate.ts: power-of-two scalings,
// as LAPACK dgeequb/dlaqge, and a symmetric S·A·S for the symmetric factorizations). A scaling is
// applied only where LAPACK's rule asks for it: rows or columns whose maxima vary by more than a
// factor 10, or entries within 2^±970 of the overflow or underflow threshold. A well-scaled matrix
// is left as it is, so its factors and solutions are bit for bit those of the unscaled algorithm.
// A scaled one is solved as the scaled system:
//   general   Â = R·A·C:  A·x = b  ⇔  Â·(C⁻¹x) = R·b,  x = C·Â⁻¹·(R·b);  Aᵀx = b ⇒ x = R·Â⁻ᵀ·(C·b)
//   symmetric Â = S·A·S:  x = S·Â⁻¹·(S·b)
// where the unscaled one could overflow in its intermediate products (entries near 10³⁰⁰ times a
// solution of 10¹⁶) or lose its condition estimate to underflow (entries near 10⁻³⁰⁰).

/** Row and column scalings R = diag(r), C = diag(c) applied to a general matrix. */
export interface GeneralScaling {
  readonly r: Float64Array;
  readonly c: Float64Array;
}

/**
 * Equilibrates the n × n matrix at `ptr` (leading dimension n, finite) in place where needed;
 * returns the scalings applied, or undefined when none was (the matrix is then unchanged). A zero
 * row or column is left to the factorization to report.
 */
export function equilibrateGeneral(ptr: number, n: number): GeneralScaling | undefined {
  if (n === 0) return undefined;
  const k = kernels();
  const r = scratch(8 * (2 * n + 3), 'equilibration workspace');
  const c = r + 8 * n;
  const out = c + 8 * n;
  if (k.geequb(n, n, ptr, n, r, c, out) !== 0) return undefined;
  const [rowcnd, colcnd, amax] = f64View(out, 3);
  if (k.laqge(n, n, ptr, n, r, c, rowcnd, colcnd, amax) === 0) return undefined;
  const both = f64View(r, 2 * n);
  return { r: both.slice(0, n), c: both.slice(n, 2 * n) };
}

/**
 * Equilibrates the symmetric n × n matrix whose lower triangle is at `ptr` in place where needed;
 * returns the scaling s applied, or undefined when none was.
 */
export function equilibrateSymmetric(ptr: number, n: number): Float64Array | undefined {
  if (n === 0) return undefined;
  const k = kernels();
  const s = scratch(8 * (n + 2), 'equilibration workspace');
  const out = s + 8 * n;
  if (k.syequb(n, ptr, n, s, out) !== 0) return undefined;
  const [scond, amax] = f64View(out, 2);
  if (k.laqsy(n, ptr, n, s, scond, amax) === 0) return undefined;
  return f64View(s, n).slice();
}

/**
 * X = D_out·Â⁻¹·(D_in·B) for the n × k row-major right-hand sides B at `ptr` (WASM memory),
 * overwritten by X; `solve` applies Â⁻¹ in place. The scaled right-hand sides are first divided by
 * the power of two 2^e that brings their largest entry into [1, 2), and the solution multiplied by
 * 2^e together with D_out (one exponent per row, as ldexp): powers of two are exact, and no
 * intermediate overflows unless X itself does (the triangular solves scale with their right-hand
 * side, so an Â of order 1 and a solution near 2^1000 meet no Infinity on the way).
 */
export function solveEquilibrated(
  ptr: number,
  n: number,
  k: number,
  dIn: Float64Array,
  dOut: Float64Array,
  solve: () => void,
): void {
  let v = f64View(ptr, n * k);
  let big = 0;
  for (let i = 0; i < n; i++) {
    const di = dIn[i];
    for (let j = 0; j < k; j++) {
      const t = v[i * k + j] * di;
      v[i * k + j] = t;
      big = Math.max(big, Math.abs(t));
    }
  }
  const e = big > 0 && Number.isFinite(big) ? Math.floor(Math.log2(big)) : 0;
  if (e !== 0) for (let i = 0; i < n * k; i++) v[i] = ldexp(v[i], -e);
  solve();
  v = f64View(ptr, n * k);
  for (let i = 0; i < n; i++) {
    const exponent = Math.round(Math.log2(dOut[i])) + e;
    for (let j = 0; j < k; j++) v[i * k + j] = ldexp(v[i * k + j], exponent);
  }
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
