// The checked dense solve, as LAPACK's expert drivers dposvx / dsysvx / dgesvx in normwise terms:
// X = op(A)⁻¹·B from a factorization of the equilibrated Â = R·A·C (R = C = S for the symmetric
// kinds; no scaling when r = c = 0), the normwise backward error (Rigal–Gaches; Higham, "Accuracy
// and Stability of Numerical Algorithms", Thm 7.1)
//     η = ‖b − op(A)·x‖∞ / (‖op(A)‖∞‖x‖∞ + ‖b‖∞)
// of each solution, measured against an untouched copy of the original A and the original b, and
// fixed-precision iterative refinement against η (Skeel 1980; as dgerfs without its componentwise
// measure): x ← x + op(A)⁻¹r while η exceeds the tolerance, each correction kept only if it lowers
// η. One call per solve.
import { log2Floor, pow2 } from './equilibrate';
import { firstNonFinite } from './finite';
import { gemm } from './gemm';
import { gemv } from './gemv';
import { getrs } from './getrs';
import { normInf, norm1, norm1SymLower } from './norms';
import { pocon } from './pocon';
import { potrf } from './potrf';
import { potrs } from './potrs';
import { rcondAtLeast } from './rcond-bound';
import { sytrs } from './sytrs';

/** Factorization kinds: Cholesky (potrf), LU (getrf), LDLᵀ (sytrf). */
// @ts-ignore: decorator
@inline const CHOLESKY: i32 = 0;
// @ts-ignore: decorator
@inline const LU: i32 = 1;

/** Number of ±1 combinations of the columns on which a block's η is measured. */
// @ts-ignore: decorator
@inline const PROBES: i32 = 2;
/** Blocks with n²·k up to this (or with at most PROBES columns) measure every column's η. */
// @ts-ignore: decorator
@inline const EXACT_COLUMNS_MAX: i32 = 256;

/** B (n×nrhs, leading dimension nrhs) ← Â⁻¹·B or Â⁻ᵀ·B from the factors f (e: LDLᵀ subdiagonal, ipiv). */
function applyFactored(kind: i32, trans: i32, n: i32, nrhs: i32, f: usize, e: usize, ipiv: usize, b: usize): void {
  if (kind == CHOLESKY) potrs(n, nrhs, f, n, b, nrhs);
  else if (kind == LU) getrs(trans, n, nrhs, f, n, ipiv, b, nrhs);
  else sytrs(n, nrhs, f, n, e, ipiv, b, nrhs);
}

/** x·2^k for any integer k, in steps that neither overflow nor underflow before the result does (as C's ldexp). */
function scalePow2(x: f64, k: i32): f64 {
  let y = x;
  let t = k;
  while (t > 1000) {
    y *= pow2(1000);
    t -= 1000;
  }
  while (t < -1000) {
    y *= pow2(-1000);
    t += 1000;
  }
  return y * pow2(t);
}

/**
 * B (n×nrhs, leading dimension nrhs) ← op(A)⁻¹·B through the factors of Â = R·A·C:
 *   op(A) = A:   X = C·Â⁻¹·(R·B);    op(A) = Aᵀ:  X = R·Â⁻ᵀ·(C·B)
 * (r = c = 0: no scaling, X = Â⁻¹·B). The scaled right-hand sides are divided by the power of two
 * 2^e that brings their largest entry into [1, 2), and the solution multiplied by 2^e together with
 * the output scaling (one exponent per row): powers of two are exact, and no intermediate
 * overflows unless X itself does (the triangular solves scale with their right-hand side).
 */
export function scaledSolve(
  kind: i32,
  trans: i32,
  n: i32,
  nrhs: i32,
  f: usize,
  e: usize,
  ipiv: usize,
  r: usize,
  c: usize,
  b: usize,
): void {
  if (n <= 0 || nrhs <= 0) return;
  if (r == 0) {
    applyFactored(kind, trans, n, nrhs, f, e, ipiv, b);
    return;
  }
  const dIn = trans == 1 ? c : r;
  const dOut = trans == 1 ? r : c;
  const k = <usize>nrhs;
  let big = 0.0;
  for (let i = 0; i < n; i++) {
    const di = load<f64>(dIn + (<usize>i << 3));
    const row = b + ((<usize>i * k) << 3);
    for (let j: usize = 0; j < k; j++) {
      const t = load<f64>(row + (j << 3)) * di;
      store<f64>(row + (j << 3), t);
      big = max(big, Math.abs(t));
    }
  }
  const shift = big > 0.0 && big < Infinity ? log2Floor(big) : 0;
  if (shift != 0) {
    const nk = <usize>n * k;
    for (let p: usize = 0; p < nk; p++) store<f64>(b + (p << 3), scalePow2(load<f64>(b + (p << 3)), -shift));
  }
  applyFactored(kind, trans, n, nrhs, f, e, ipiv, b);
  for (let i = 0; i < n; i++) {
    const exponent = log2Floor(load<f64>(dOut + (<usize>i << 3))) + shift;
    if (exponent == 0) continue;
    const row = b + ((<usize>i * k) << 3);
    for (let j: usize = 0; j < k; j++) store<f64>(row + (j << 3), scalePow2(load<f64>(row + (j << 3)), exponent));
  }
}

/** max |x[p·inc]|, p < n (NaN if one is NaN). */
function maxAbs(n: i32, x: usize, inc: i32): f64 {
  let m = 0.0;
  const step = <usize>inc << 3;
  for (let p = 0; p < n; p++) {
    const v = Math.abs(load<f64>(x + <usize>p * step));
    if (!(v <= m)) m = v;
  }
  return m;
}

/** ‖r‖∞ / (normA·‖x‖∞ + ‖b‖∞) for columns of stride inc; 0 when the denominator is 0. */
function eta(n: i32, normA: f64, b: usize, x: usize, r: usize, inc: i32): f64 {
  const denom = normA * maxAbs(n, x, inc) + maxAbs(n, b, inc);
  return denom == 0.0 ? 0.0 : maxAbs(n, r, inc) / denom;
}

/** A fixed ±1 pattern: sign of column j in probe t (bits of a multiplicative hash). */
function probeSign(j: i32, t: i32): f64 {
  return (((<u32>((j + 1) * <i32>0x9e3779b1)) >>> (7 + 5 * t)) & 1) == 0 ? 1.0 : -1.0;
}

/**
 * The largest η over the columns of X (at x) for B (at b), both n×k: with R = B − op(A)·X left at
 * r, every column exactly when k ≤ PROBES or n²k ≤ EXACT_COLUMNS_MAX; else on PROBES fixed ±1
 * combinations c of the columns, as the η of X·c for B·c (O(n² + nk) each; a column with a large
 * residual shows in R·c diluted by at most √k), r then not holding R. Returns whether r holds R.
 */
function measure(trans: i32, n: i32, k: i32, a: usize, normA: f64, b: usize, x: usize, r: usize, probe: usize, out: usize): bool {
  const lda = max(1, n);
  if (k == 1 || k <= PROBES || n * n * k <= EXACT_COLUMNS_MAX) {
    memory.copy(r, b, <usize>n * <usize>k << 3);
    if (k == 1) gemv(trans, n, n, -1.0, a, lda, x, 1.0, r);
    else gemm(trans, 0, n, k, n, -1.0, a, lda, x, k, 1.0, r, k);
    let worst = 0.0;
    for (let j = 0; j < k; j++) {
      const o = <usize>j << 3;
      const e = eta(n, normA, b + o, x + o, r + o, k);
      if (!(e <= worst)) worst = e;
    }
    store<f64>(out, worst);
    return true;
  }
  // probe: c (k), B·c, X·c, the residual of X·c (n each).
  const bc = probe + (<usize>k << 3);
  const xc = bc + (<usize>n << 3);
  const rc = xc + (<usize>n << 3);
  let worst = 0.0;
  for (let t = 0; t < PROBES; t++) {
    for (let j = 0; j < k; j++) store<f64>(probe + (<usize>j << 3), probeSign(j, t));
    gemv(0, n, k, 1.0, b, k, probe, 0.0, bc);
    gemv(0, n, k, 1.0, x, k, probe, 0.0, xc);
    memory.copy(rc, bc, <usize>n << 3);
    gemv(trans, n, n, -1.0, a, lda, xc, 1.0, rc);
    const e = eta(n, normA, bc, xc, rc, 1);
    if (!(e <= worst)) worst = e;
  }
  store<f64>(out, worst);
  return false;
}

/**
 * X = op(A)⁻¹·B, checked and refined, in one call. `kind`: 0 Cholesky, 1 LU, 2 LDLᵀ, from the
 * factors at f (with e and ipiv as the kind stores them) of Â = R·A·C, r and c the scalings (0 when
 * A was not scaled; see {@link scaledSolve}); op(A) = Aᵀ when trans = 1 (LU only). The original
 * A's untouched copy (n×n) is at a; B and X (n×nrhs, leading dimension nrhs) at b and x; w is a
 * workspace of 2·n·nrhs + nrhs + 3n doubles. `result` holds 5 doubles: [0] ‖op(A)‖∞ on entry, or a
 * negative number to compute it (written back); on exit [1] the final η, [2] the first solution's
 * η, [3] the refinement steps taken (at most maxSteps, only while η > tol; none when maxSteps = 0),
 * [4] the index of X's first entry that is NaN or ±Infinity, −1 when all are finite.
 */
export function checkedSolve(
  kind: i32,
  trans: i32,
  n: i32,
  nrhs: i32,
  f: usize,
  e: usize,
  ipiv: usize,
  r: usize,
  c: usize,
  a: usize,
  b: usize,
  x: usize,
  w: usize,
  tol: f64,
  maxSteps: i32,
  result: usize,
): void {
  const nk = <usize>max(0, n) * <usize>max(0, nrhs);
  store<f64>(result + 8, 0.0);
  store<f64>(result + 16, 0.0);
  store<f64>(result + 24, 0.0);
  store<f64>(result + 32, -1.0);
  if (n <= 0 || nrhs <= 0) return;
  let normA = load<f64>(result);
  if (normA < 0.0) {
    normA = trans == 1 ? norm1(n, n, a, n) : normInf(n, n, a, n);
    store<f64>(result, normA);
  }
  const res = w;
  const next = res + (nk << 3);
  const probe = next + (nk << 3);
  memory.copy(x, b, nk << 3);
  scaledSolve(kind, trans, n, nrhs, f, e, ipiv, r, c, x);
  let fresh = measure(trans, n, nrhs, a, normA, b, x, res, probe, result + 8);
  let error = load<f64>(result + 8);
  store<f64>(result + 16, error);
  let steps = 0;
  let inNext = false; // whether the current solution is at `next` rather than at x
  while (error > tol && steps < maxSteps) {
    const cur = inNext ? next : x;
    const cand = inNext ? x : next;
    if (!fresh) {
      memory.copy(res, b, nk << 3);
      if (nrhs == 1) gemv(trans, n, n, -1.0, a, n, cur, 1.0, res);
      else gemm(trans, 0, n, nrhs, n, -1.0, a, n, cur, nrhs, 1.0, res, nrhs);
    }
    memory.copy(cand, res, nk << 3);
    scaledSolve(kind, trans, n, nrhs, f, e, ipiv, r, c, cand);
    for (let p: usize = 0; p < nk; p++) {
      const q = p << 3;
      store<f64>(cand + q, load<f64>(cand + q) + load<f64>(cur + q));
    }
    // res is rewritten by this measure; a rejected candidate ends the loop, so its residual is never used.
    fresh = measure(trans, n, nrhs, a, normA, b, cand, res, probe, result + 8);
    const e2 = load<f64>(result + 8);
    if (!(e2 < error)) break;
    error = e2;
    inNext = !inNext;
    steps++;
  }
  if (inNext) memory.copy(x, next, nk << 3);
  store<f64>(result + 8, error);
  store<f64>(result + 24, <f64>steps);
  store<f64>(result + 32, <f64>firstNonFinite(x, <i32>nk));
}

/**
 * The one-shot checked SPD solve, as LAPACK dposvx for one right-hand side without equilibration or
 * refinement (Cholesky is backward stable): A (n×n, the whole matrix, leading dimension n) at a is
 * copied to f and factored there (potrf of its lower triangle, a left untouched), x = A⁻¹b, its
 * η against the whole of A (as {@link checkedSolve}), and whether rcond ≥ `threshold`
 * (rcond-bound.ts's rcondAtLeast, or the estimate itself when `withRcond`). w: 5n + 1 doubles.
 * Returns potrf's info (> 0: not positive definite, nothing else done). result: 5 doubles, out [0]
 * ‖A‖∞, [1] η, [2] the rcond estimate (NaN when not computed), [3] 1 when rcond ≥ threshold, else 0,
 * [4] as {@link checkedSolve}'s.
 */
export function posvChecked(
  n: i32,
  a: usize,
  f: usize,
  b: usize,
  x: usize,
  w: usize,
  withRcond: i32,
  threshold: f64,
  result: usize,
): i32 {
  const nn = <usize>max(0, n) * <usize>max(0, n);
  memory.copy(f, a, nn << 3);
  const lda = max(1, n);
  const anorm = norm1SymLower(n, f, lda);
  const info = potrf(n, f, lda);
  if (info != 0) return info;
  store<f64>(result, -1.0);
  // checkedSolve writes [0] ‖A‖∞, [1] η, [2] η again, [3] 0 steps, [4]; [2] and [3] are then overwritten.
  checkedSolve(CHOLESKY, 0, n, 1, f, 0, 0, 0, 0, a, b, x, w, 0.0, 0, result);
  if (withRcond != 0) {
    const estimate = pocon(n, f, lda, anorm, w);
    store<f64>(result + 16, estimate);
    store<f64>(result + 24, estimate >= threshold ? 1.0 : 0.0);
  } else {
    const atLeast = rcondAtLeast(CHOLESKY, n, f, 0, 0, anorm, threshold, w, result + 16);
    store<f64>(result + 24, <f64>atLeast);
  }
  return 0;
}
