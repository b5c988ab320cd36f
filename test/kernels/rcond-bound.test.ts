// rcondBound and rcondAtLeast (assembly/rcond-bound.ts): the comparison-matrix bound against the
// true rcond = 1 / (‖A‖₁‖A⁻¹‖₁) with A⁻¹ from a scalar Gauss–Jordan inverse and against the
// Hager–Higham estimates (pocon, gecon), closed forms (diagonal matrices, where the bound is exact),
// a triangular factor whose comparison matrix is exponentially pessimistic (the decision then falls
// back on the estimate), and the decision next to the threshold on both sides of it.
import { afterEach, describe, expect, it } from 'vitest';
import { EPS, Heap, inverse, logSpaced, norm1, randomMatrix, rng, withEigenvalues } from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

const CHOLESKY = 0;
const LU = 1;

/** A's factors by kind in fresh memory, with ‖A‖₁ (of the lower triangle's symmetric matrix for Cholesky). */
function factor(kind: number, a: Float64Array, n: number): { f: number; ipiv: number; anorm: number } {
  const k = kernels();
  const f = heap.f64(a);
  const ipiv = heap.i32(n);
  const anorm = kind === CHOLESKY ? k.norm1SymLower(n, f, n) : k.norm1(n, n, f, n);
  if (kind === CHOLESKY) expect(k.potrf(n, f, n)).toBe(0);
  else expect(k.getrf(n, n, f, n, ipiv)).toBe(0);
  return { f, ipiv, anorm };
}

function bound(kind: number, fac: ReturnType<typeof factor>, n: number): number {
  return kernels().rcondBound(kind, n, fac.f, fac.anorm, heap.f64(new Float64Array(2 * n)));
}

function estimate(kind: number, fac: ReturnType<typeof factor>, n: number): number {
  const work = heap.f64(new Float64Array(3 * n));
  const k = kernels();
  return kind === CHOLESKY ? k.pocon(n, fac.f, n, fac.anorm, work) : k.gecon(n, fac.f, n, fac.anorm, work);
}

/** rcondAtLeast's answer and the estimate it wrote (NaN when it decided by the bound). */
function atLeast(kind: number, fac: ReturnType<typeof factor>, n: number, threshold: number) {
  const work = heap.f64(new Float64Array(3 * n));
  const out = heap.f64([0]);
  const answer = kernels().rcondAtLeast(kind, n, fac.f, 0, fac.ipiv, fac.anorm, threshold, work, out);
  return { answer, estimate: heap.readF64(out, 1)[0] };
}

/** 1 / (‖A‖₁‖A⁻¹‖₁) by the scalar inverse. */
function trueRcond(a: Float64Array, n: number): number {
  return 1 / (norm1(a, n, n) * norm1(inverse(a, n), n, n));
}

function general(n: number, cond: number, rand: () => number): Float64Array {
  // A = S·Q with S diagonal log-spaced: singular values spread over `cond`, rows unequal.
  const q = withEigenvalues(
    new Float64Array(n).fill(1).map((_, i) => (i % 2 === 0 ? 1 : -1)),
    rand,
  );
  const s = logSpaced(n, cond, rand);
  const a = randomMatrix(n, n, n, rand);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.1 * a[i * n + j] + s[i] * q[i * n + j];
  return a;
}

describe('rcondBound: a lower bound on the true rcond', () => {
  it('never exceeds the true rcond nor the estimate (SPD and general, n = 1 … 24, conditions 1 to 1e12)', () => {
    const rand = rng(71);
    for (const n of [1, 2, 3, 4, 7, 12, 16, 24]) {
      for (const cond of [1, 1e3, 1e8, 1e12]) {
        const spd = withEigenvalues(logSpaced(n, cond, rand), rand);
        const gen = general(n, cond, rand);
        for (const [kind, a] of [
          [CHOLESKY, spd],
          [LU, gen],
        ] as const) {
          const fac = factor(kind, a, n);
          const b = bound(kind, fac, n);
          const truth = trueRcond(a, n);
          expect(b).toBeGreaterThan(0);
          expect(b).toBeLessThanOrEqual(truth * (1 + 1e-6));
          expect(b).toBeLessThanOrEqual(estimate(kind, fac, n) * (1 + 1e-12));
        }
      }
    }
  });

  it('is exact for a diagonal matrix (closed form min|dᵢ| / max|dᵢ|)', () => {
    const d = [4, 0.5, 2, 1e-3, 8];
    const n = d.length;
    const a = new Float64Array(n * n);
    d.forEach((v, i) => {
      a[i * n + i] = v;
    });
    // LU exactly; Cholesky up to the rounding of its square roots
    expect(bound(LU, factor(LU, a, n), n)).toBe(1e-3 / 8);
    expect(Math.abs(bound(CHOLESKY, factor(CHOLESKY, a, n), n) / (1e-3 / 8) - 1)).toBeLessThan(8 * EPS);
  });

  it('is 1 for n = 0 and 0 for a zero ‖A‖₁', () => {
    expect(kernels().rcondBound(CHOLESKY, 0, heap.f64([0]), 1, heap.f64([0]))).toBe(1);
    const fac = factor(LU, new Float64Array([1, 0, 0, 1]), 2);
    expect(kernels().rcondBound(LU, 2, fac.f, 0, heap.f64(new Float64Array(4)))).toBe(0);
  });
});

describe('rcondAtLeast: the estimate’s decision, without the estimate when the bound proves it', () => {
  it('decides by the bound (no estimate computed) for a well-conditioned matrix', () => {
    const rand = rng(5);
    for (const kind of [CHOLESKY, LU]) {
      const n = 8;
      const a = kind === CHOLESKY ? withEigenvalues(logSpaced(n, 10, rand), rand) : general(n, 10, rand);
      const r = atLeast(kind, factor(kind, a, n), n, n * EPS);
      expect(r).toEqual({ answer: 1, estimate: Number.NaN });
    }
  });

  it('falls back on the estimate where the comparison matrix is exponentially pessimistic', () => {
    // L with ones on and below the diagonal: L⁻¹ is bidiagonal (1, −1), so ‖L⁻¹‖₁ = 2, while
    // M(L)⁻¹ has entries 2^(i−j−1): the bound is near 2⁻ⁿ. LU of L itself is L·I (no pivoting).
    const n = 64;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) a[i * n + j] = 1;
    const fac = factor(LU, a, n);
    expect(bound(LU, fac, n)).toBeLessThan(2 * n * EPS);
    const truth = trueRcond(a, n); // 1 / (n · 2)
    expect(truth).toBeCloseTo(1 / (2 * n), 12);
    const r = atLeast(LU, fac, n, n * EPS);
    expect(r.answer).toBe(1);
    expect(r.estimate).toBe(estimate(LU, fac, n));
    // For Cholesky: A = L·Lᵀ with the same L is the "min" matrix aᵢⱼ = min(i, j) + 1.
    const m = 48;
    const spd = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) spd[i * m + j] = Math.min(i, j) + 1;
    const chol = factor(CHOLESKY, spd, m);
    expect(bound(CHOLESKY, chol, m)).toBeLessThan(2 * m * EPS);
    const rc = atLeast(CHOLESKY, chol, m, m * EPS);
    expect(rc.answer).toBe(1);
    expect(rc.estimate).toBe(estimate(CHOLESKY, chol, m));
  });

  it('next to the threshold, on both sides, answers as the estimate does', () => {
    // diag(1, δ, 1, …): the bound and the estimate are both exact, δ; δ around n·ε and 2·n·ε.
    const n = 4;
    const threshold = n * EPS;
    for (const kind of [CHOLESKY, LU]) {
      for (const f of [0.5, 0.999, 1, 1.001, 1.5, 1.999, 2, 2.001, 3]) {
        const a = new Float64Array(n * n);
        for (let i = 0; i < n; i++) a[i * n + i] = 1;
        a[n + 1] = f * threshold;
        const fac = factor(kind, a, n);
        const r = atLeast(kind, fac, n, threshold);
        expect(r.answer).toBe(estimate(kind, fac, n) >= threshold ? 1 : 0);
        // the estimate is skipped exactly where the bound reaches twice the threshold
        expect(Number.isNaN(r.estimate)).toBe(bound(kind, fac, n) >= 2 * threshold);
      }
    }
  });

  it('decides LDLᵀ by its estimate always (sycon)', () => {
    const k = kernels();
    const n = 3;
    const a = heap.f64([2, 0, 0, 1, -3, 0, 0, 1, 4]);
    const e = heap.f64(new Float64Array(n));
    const ipiv = heap.i32(n);
    const anorm = k.norm1SymLower(n, a, n);
    expect(k.sytrf(n, a, n, e, ipiv, heap.f64(new Float64Array(k.sytrfWorkLength(n))))).toBe(0);
    const out = heap.f64([0]);
    const answer = k.rcondAtLeast(2, n, a, e, ipiv, anorm, n * EPS, heap.f64(new Float64Array(3 * n)), out);
    const sycon = k.sycon(n, a, n, e, ipiv, anorm, heap.f64(new Float64Array(3 * n)));
    expect(answer).toBe(1);
    expect(heap.readF64(out, 1)[0]).toBe(sycon);
  });
});
