import { describe, expect, it } from 'vitest';
import {
  cholesky,
  hypergradient,
  lapack,
  ldlt,
  lu,
  Matrix,
  NonFiniteError,
  prepare,
  SingularMatrixError,
} from '../../src/index.js';
import { randomMatrix, randomVector, rng, spdWithEigenvalues } from '../helpers/random.js';
import { rowScaledResidual } from '../helpers/reference.js';
import { SMALL_BUDGET } from '../helpers/working-set.js';
import { setWorkingSetBudget, solveOnce, workingSet } from '../internal.js';

// The checked dense driver (assembly/checked.ts under solvers/dense.ts and the one-shot SPD path)
// over equilibrated factorizations, and the rcond ≥ n·ε decision of onSingular: 'throw' taken by
// the comparison-matrix bound where it suffices. Oracles: the low-level lapack.* entry (never
// equilibrated, never refined) for bit-for-bit neutrality on well-scaled input; scaled residuals and
// the normwise backward error computed here against the original A and b for badly scaled input;
// the condition estimate of the factorization objects (`rcond()`, today's decision) for the
// threshold.

const EPS = 2 ** -52;

describe('the checked driver on well-scaled input: bit for bit the unscaled, unrefined solve', () => {
  it('prepare (spd, symmetric, general, transposed) solves exactly as lapack.potrs/sytrs/getrs', () => {
    for (const n of [1, 4, 16, 33]) {
      const b = Float64Array.from({ length: n }, (_, i) => Math.cos(i));
      const P = spdWithEigenvalues(
        Float64Array.from({ length: n }, (_, i) => 1 + i),
        n,
      );
      const p = P.data.slice();
      expect(lapack.potrf(n, p, n)).toBe(0);
      const y = b.slice();
      lapack.potrs(n, 1, p, n, y, 1);
      const spd = prepare(P, { structure: 'spd' });
      expect(Array.from(spd.solve(b))).toEqual(Array.from(y));
      expect(spd.report.refinementSteps).toBe(0);
      spd.dispose();
      // LDLᵀ of the same matrix: as ldlt(P).solve, which is sytrs on sytrf's factors
      const sym = prepare(P, { structure: 'symmetric' });
      expect(Array.from(sym.solve(b))).toEqual(Array.from(ldlt(P).solve(b)));
      sym.dispose();
      const A = randomMatrix(n, n, 300 + n);
      for (let i = 0; i < n; i++) A.data[i * n + i] += n;
      const a = A.data.slice();
      const ipiv = new Int32Array(n);
      expect(lapack.getrf(n, n, a, n, ipiv)).toBe(0);
      const x = b.slice();
      lapack.getrs(0, n, 1, a, n, ipiv, x, 1);
      const xt = b.slice();
      lapack.getrs(1, n, 1, a, n, ipiv, xt, 1);
      const gen = prepare(A, { structure: 'general' });
      expect(Array.from(gen.solve(b))).toEqual(Array.from(x));
      expect(Array.from(gen.solveTransposed(b))).toEqual(Array.from(xt));
      expect(gen.report.refinementSteps).toBe(0);
      gen.dispose();
    }
  });
});

describe('the checked driver on badly scaled input: solved through Â, checked against A and b', () => {
  it('rows scaled from 1e-300 to 1e300: prepared LU and LDLᵀ solves are backward stable row by row, and η is A’s', () => {
    const n = 20;
    const M = randomMatrix(n, n, 17);
    for (let i = 0; i < n; i++) M.data[i * n + i] += n;
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** (-300 + (600 * i) / (n - 1)));
    const A = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = d[i] * M.data[i * n + j];
    const b = Float64Array.from({ length: n }, (_, i) => d[i] * Math.sin(i + 1));
    const p = prepare(A, { structure: 'general' });
    const x = p.solve(b);
    for (const v of x) expect(Number.isFinite(v)).toBe(true);
    expect(rowScaledResidual(A, x, b, d)).toBeLessThan(30);
    // η is measured against A and b themselves: a solve of Â taken for A's would be off by 1e300.
    expect(p.report.backwardError).toBeLessThan(30 * n * EPS);
    // a block of right-hand sides (probes) and the transposed system go the same way
    const B = new Matrix(n, 3);
    for (let i = 0; i < n; i++) for (let j = 0; j < 3; j++) B.data[i * 3 + j] = b[i] * (j + 1);
    const X = p.solve(B);
    for (let j = 0; j < 3; j++) {
      const xj = Float64Array.from({ length: n }, (_, i) => X.data[i * 3 + j]);
      const bj = Float64Array.from({ length: n }, (_, i) => B.data[i * 3 + j]);
      expect(rowScaledResidual(A, xj, bj, d)).toBeLessThan(30);
    }
    p.dispose();
    // symmetric: S·A·S with S from the row maxima, for A = E·M·E with M block diagonal, symmetric
    // indefinite and well conditioned, E = 2^−500 on the first block and 2^500 on the second
    const half = n / 2;
    const blocks = [23, 29].map((seed) =>
      spdWithEigenvalues(
        Float64Array.from({ length: half }, (_, i) => (i % 2 === 0 ? 1 + i : -(1 + i))),
        seed,
      ),
    );
    const Ms = new Matrix(n, n);
    for (const [k, blk] of blocks.entries())
      for (let i = 0; i < half; i++)
        for (let j = 0; j < half; j++) Ms.data[(k * half + i) * n + k * half + j] = blk.data[i * half + j];
    const e = Float64Array.from({ length: n }, (_, i) => (i < half ? 2 ** -500 : 2 ** 500));
    const S = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.data[i * n + j] = e[i] * Ms.data[i * n + j] * e[j];
    const bs = Float64Array.from({ length: n }, (_, i) => e[i] * Math.cos(i));
    const q = prepare(S, { structure: 'symmetric' });
    const xs = q.solve(bs);
    // the unscaled system: M·(E·x) = E⁻¹·b
    const y = Float64Array.from(xs, (v, i) => v * e[i]);
    const c = Float64Array.from(bs, (v, i) => v / e[i]);
    expect(rowScaledResidual(Ms, y, c, new Float64Array(n).fill(1))).toBeLessThan(30);
    expect(q.report.backwardError).toBeLessThan(30 * n * EPS);
    q.dispose();
  });
});

describe('the factorization kernel (factorDense): finiteness and overflowing norms', () => {
  it('LU names a NaN or ±Infinity entry; finite entries whose column sum overflows are factored', () => {
    expect(() =>
      lu([
        [1, 2],
        [3, Number.NEGATIVE_INFINITY],
      ]),
    ).toThrow(/A\[1\]\[1\] is -Infinity/);
    expect(() => prepare([[Number.NaN]], { structure: 'general' })).toThrow(NonFiniteError);
    // ‖A‖₁ = 2e308 overflows, every entry is finite: equilibrated (amax beyond 2^970) and solved
    const A = [
      [1e308, 1e308],
      [1e308, -1e308],
    ];
    const x = lu(A).solve([0.75e308, 0.25e308]);
    expect(Math.abs(x[0] - 0.5)).toBeLessThan(4 * EPS);
    expect(Math.abs(x[1] - 0.25)).toBeLessThan(4 * EPS);
    const p = prepare(A, { structure: 'general' });
    const y = p.solve([0.75e308, 0.25e308]);
    expect(Math.abs(y[0] - 0.5)).toBeLessThan(4 * EPS);
    expect(p.report.backwardError).toBeLessThan(4 * EPS);
    p.dispose();
  });
});

describe('a checked solve whose answer is beyond float64 is a NonFiniteError', () => {
  it('2^−1000·I·x = 2^100 needs x = 2^1100: prepared spd, general, symmetric, one and many right-hand sides', () => {
    const A = Matrix.identity(3);
    for (let i = 0; i < 3; i++) A.data[i * 4] = 2 ** -1000;
    for (const structure of ['spd', 'general', 'symmetric'] as const) {
      const p = prepare(A, { structure });
      expect(Array.from(p.solve([1, 2, 4]))).toEqual([2 ** 1000, 2 ** 1001, 2 ** 1002]);
      expect(() => p.solve([1, 2 ** 100, 1])).toThrow(NonFiniteError);
      // the entry named is the first one not finite (LU's row scaling overflows b itself, and the
      // triangular solves spread 0·∞ = NaN to other entries; any named entry is right)
      expect(() => p.solve([1, 2 ** 100, 1])).toThrow(/the solution is not finite \(x\[[0-2]\]/);
      const B = new Matrix(3, 2, Float64Array.from([1, 1, 1, 1, 1, 2 ** 100]));
      expect(() => p.solve(B)).toThrow(/the solution is not finite \(X\[[0-2]\]\[[01]\]/);
      p.dispose();
    }
  });
});

describe("onSingular: 'throw' next to rcond = n·ε decides as the condition estimate does", () => {
  /** [[1, t], [t, 1]]·s with t = 1 − δ: rcond ≈ δ/2 (1-norm), SPD, not rescaled by equilibration. */
  function nearSingular(delta: number): Matrix {
    const t = 1 - delta;
    return new Matrix(2, 2, Float64Array.from([1, t, t, 1]));
  }

  it('prepared (spd, general) and one-shot (hypergradient): a SingularMatrixError exactly when rcond() < n·ε', () => {
    const n = 2;
    let refused = 0;
    let accepted = 0;
    for (const f of [0.5, 0.9, 1, 1.1, 2, 3, 4, 5, 8, 16, 64]) {
      const A = nearSingular(f * n * EPS);
      for (const [structure, factor] of [
        ['spd', () => cholesky(A)],
        ['general', () => lu(A)],
      ] as const) {
        const F = factor();
        const estimateRefuses = F.rcond() < n * EPS;
        F.dispose();
        const attempt = () => prepare(A, { structure }).dispose();
        if (estimateRefuses) expect(attempt).toThrow(SingularMatrixError);
        else expect(attempt).not.toThrow();
        if (structure === 'spd') {
          const one = () => hypergradient(A, Matrix.identity(2), [1, 2]);
          if (estimateRefuses) expect(one).toThrow(SingularMatrixError);
          else expect(one).not.toThrow();
          if (estimateRefuses) refused++;
          else accepted++;
        }
      }
    }
    // both sides of the threshold were met
    expect(refused).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });

  it('a well-conditioned matrix whose bound is pessimistic is accepted (the estimate decides)', () => {
    // ones on and below the diagonal: rcond = 1/(2n), the comparison bound about 2⁻ⁿ
    const n = 64;
    const L = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L.data[i * n + j] = 1;
    const p = prepare(L, { structure: 'general' });
    const x = p.solve(new Float64Array(n).fill(1));
    expect(x[0]).toBe(1);
    for (let i = 1; i < n; i++) expect(x[i]).toBe(0);
    expect(p.report.rcond).toBeGreaterThan(1 / (4 * n));
    p.dispose();
  });
});

describe('prepared solves over the working set: A’s copy and the scalings spill with the factors', () => {
  it('copied out and back, every prepared solve (spd, symmetric, general, equilibrated) gives the same x and η', () => {
    const saved = setWorkingSetBudget(SMALL_BUDGET);
    try {
      const structures = ['spd', 'symmetric', 'general'] as const;
      const cases = Array.from({ length: 36 }, (_, i) => {
        const n = 30 + ((i * 7) % 20);
        const structure = structures[i % 3];
        const A = spdWithEigenvalues(
          Float64Array.from({ length: n }, (_, j) => 1 + j),
          i,
        );
        // every fourth one near the underflow threshold: equilibrated (its scalings in the block)
        if (i % 4 === 3) for (let q = 0; q < n * n; q++) A.data[q] *= 2 ** -990;
        const p = prepare(A, { structure });
        const b = randomVector(n, 100 + i);
        const x0 = Array.from(p.solve(b));
        return { p, b, x0, eta0: p.report.backwardError };
      });
      expect(workingSet().residentBytes).toBeLessThanOrEqual(SMALL_BUDGET);
      const next = rng(3);
      for (let step = 0; step < 150; step++) {
        const c = cases[Math.floor(next() * cases.length)];
        expect(Array.from(c.p.solve(c.b))).toEqual(c.x0);
        expect(c.p.report.backwardError).toBe(c.eta0);
      }
      for (const c of cases) c.p.dispose();
    } finally {
      setWorkingSetBudget(saved);
    }
  });
});

describe('solveOnce into a caller’s vector', () => {
  it('the one-shot SPD path and the prepared fallback write x into out, as their new-array answers', () => {
    const n = 6;
    const H = spdWithEigenvalues(
      Float64Array.from({ length: n }, (_, i) => 1 + i),
      41,
    );
    const b = randomVector(n, 42);
    for (const structure of ['spd', 'general'] as const) {
      const fresh = solveOnce(H, structure, {}, 'H', b, false, false).x;
      const out = new Float64Array(n);
      const { x, report } = solveOnce(H, structure, {}, 'H', b, false, true, out);
      expect(x).toBe(out);
      expect(Array.from(out)).toEqual(Array.from(fresh));
      expect(report?.solver).toBe(structure === 'spd' ? 'cholesky' : 'lu');
    }
    // the one-shot answer is cholesky(H).solve(b) bit for bit (well scaled: no equilibration either way)
    expect(Array.from(solveOnce(H, 'spd', {}, 'H', b, false, false, new Float64Array(n)).x)).toEqual(
      Array.from(cholesky(H).solve(b)),
    );
  });
});
