import type { QPOperands } from './products.js';
import { normInf } from './vectors.js';

/** The result of {@link refine}: the solution, its residual ‖r − K·z‖∞ and ‖r‖∞. */
export interface Refined {
  z: Float64Array;
  residual: number;
  scale: number;
}

/**
 * Iterative refinement of z ≈ K⁻¹r with an approximate inverse (a regularized or reduced factor):
 * z ← z + K̃⁻¹(r − K·z), the residual computed with the exact K. Stops at the rounding level, or
 * when a step fails to halve the residual (K is then singular or too ill-conditioned for K̃ to
 * precondition it, as at an unbounded problem, and the last accepted z is the useful one), or
 * after `maxSteps` steps. As Clarabel's and OSQP's refinement of their regularized KKT solves.
 */
export function refine(
  r: Float64Array,
  approximate: (r: Float64Array) => Float64Array,
  residual: (z: Float64Array, r: Float64Array, out: Float64Array) => void,
  maxSteps: number,
): Refined {
  const scale = normInf(r);
  let z = approximate(r);
  let e = new Float64Array(r.length);
  residual(z, r, e);
  let error = normInf(e);
  let f = new Float64Array(r.length);
  for (let step = 0; step < maxSteps && error > 8 * Number.EPSILON * scale; step++) {
    const d = approximate(e);
    for (let i = 0; i < d.length; i++) d[i] += z[i];
    residual(d, r, f);
    const trialError = normInf(f);
    if (!(trialError < 0.5 * error)) break;
    z = d;
    [e, f] = [f, e];
    error = trialError;
  }
  return { z, residual: error, scale };
}

/**
 * out = r − K·z for K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, −W]] (blocks of orders n, p, m; W = diag(w),
 * or 0 when w is undefined), with the operands' products: O(nnz) or O(n² + mn), never forming K.
 */
export function kktResidual(
  ops: QPOperands,
  n: number,
  p: number,
  m: number,
  w: Float64Array | undefined,
  z: Float64Array,
  r: Float64Array,
  out: Float64Array,
): void {
  const zx = z.subarray(0, n);
  const znu = z.subarray(n, n + p);
  const zlam = z.subarray(n + p, n + p + m);
  const e1 = out.subarray(0, n);
  const e2 = out.subarray(n, n + p);
  const e3 = out.subarray(n + p, n + p + m);
  const t = new Float64Array(n);
  ops.Q(zx, e1);
  ops.At(znu, t);
  for (let i = 0; i < n; i++) e1[i] += t[i];
  ops.Gt(zlam, t);
  for (let i = 0; i < n; i++) e1[i] = r[i] - (e1[i] + t[i]);
  ops.A(zx, e2);
  for (let i = 0; i < p; i++) e2[i] = r[n + i] - e2[i];
  ops.G(zx, e3);
  for (let i = 0; i < m; i++) e3[i] = r[n + p + i] - (e3[i] - (w === undefined ? 0 : w[i] * zlam[i]));
}

/**
 * [dx; dν; dλ] = K⁻¹[r₁; r₂; r₃] for the Newton matrix K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, −W]]
 * (blocks of orders n, p, m; W = diag(w)) from `approximate`, a regularized or reduced solve with
 * K, refined against K itself ({@link refine}, at most `maxSteps` steps). New arrays.
 */
export function refinedNewtonStep(
  ops: QPOperands,
  sizes: { readonly n: number; readonly p: number; readonly m: number },
  w: Float64Array,
  r1: Float64Array,
  r2: Float64Array,
  r3: Float64Array,
  approximate: (r: Float64Array) => Float64Array,
  maxSteps: number,
): [Float64Array, Float64Array, Float64Array] {
  const { n, p, m } = sizes;
  const { z } = refine(
    stack(r1, r2, r3),
    approximate,
    (z, r, out) => kktResidual(ops, n, p, m, w, z, r, out),
    maxSteps,
  );
  return split(z, n, p);
}

/** [a; b; c] in one array. */
function stack(a: Float64Array, b: Float64Array, c: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length + c.length);
  out.set(a);
  out.set(b, a.length);
  out.set(c, a.length + b.length);
  return out;
}

/** z cut into its blocks of lengths n, p and the rest, as new arrays. */
function split(z: Float64Array, n: number, p: number): [Float64Array, Float64Array, Float64Array] {
  return [z.slice(0, n), z.slice(n, n + p), z.slice(n + p)];
}
