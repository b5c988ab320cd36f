import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  DisposedError,
  denseOperator,
  hypergradient,
  implicitJacobian,
  Matrix,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSymmetricError,
  type PreparedSolve,
  prepare,
  ShapeError,
  SingularMatrixError,
  type SolveReport,
} from '../../src/index.js';
import {
  generalWithSingularValues,
  logSpaced,
  randomMatrix,
  randomVector,
  spdWithEigenvalues,
} from '../helpers/random.js';
import { column, solveResidual } from '../helpers/reference.js';

const n = 7;
const spd = spdWithEigenvalues(logSpaced(n, 1e3), 1);
const general = generalWithSingularValues(logSpaced(n, 1e3), 2);
const symmetricIndefinite = (() => {
  const A = spdWithEigenvalues(logSpaced(n, 1e2), 3);
  for (let i = 0; i < n; i++) A.data[i * n + i] -= 0.5; // shifts a few eigenvalues below 0
  return A;
})();

/** Scaled residual of x as a solution of op(A) x = b (LAPACK style, < 30 passes). */
function residual(A: Matrix, x: ArrayLike<number>, b: ArrayLike<number>, transpose = false): number {
  return solveResidual(transpose ? A.transpose() : A, column(x), column(b));
}

describe('prepare', () => {
  for (const [structure, A, solver] of [
    ['spd', spd, 'cholesky'],
    ['symmetric', symmetricIndefinite, 'ldlt'],
    ['general', general, 'lu'],
  ] as const) {
    it(`${structure}: one factorization serves A⁻¹b, A⁻ᵀb and a block of right-hand sides`, () => {
      using p = prepare(A, { structure });
      expect(p.n).toBe(n);
      expect(p.structure).toBe(structure);
      expect(p.solver).toBe(solver);
      for (let seed = 0; seed < 3; seed++) {
        const b = randomVector(n, 10 + seed);
        expect(residual(A, p.solve(b), b)).toBeLessThan(30);
        expect(residual(A, p.solveTransposed(b), b, true)).toBeLessThan(30);
        expect(residual(A, p.solve(Array.from(b)), b)).toBeLessThan(30);
      }
      const B = randomMatrix(n, 5, 20);
      expect(solveResidual(A, p.solve(B), B)).toBeLessThan(30);
      expect(solveResidual(A.transpose(), p.solveTransposed(B), B)).toBeLessThan(30);
      const report = p.report;
      expect(report.solver).toBe(solver);
      expect(report.backwardError).toBeLessThan(1e-13);
      expect(report.rcond).toBeGreaterThan(1e-4);
      expect(report.rcond).toBeLessThan(1);
      if (structure === 'symmetric') expect(report.inertia?.negative).toBeGreaterThan(0);
    });
  }

  it('default structure: general for a matrix, the tags of an operator', () => {
    expect(prepare(general).solver).toBe('lu');
    expect(prepare(denseOperator(spd, ['positive-definite'])).solver).toBe('cg');
    expect(prepare(denseOperator(spd, ['symmetric'])).solver).toBe('minres');
    expect(prepare(denseOperator(general)).solver).toBe('gmres');
    expect(prepare(spd.toArray(), { structure: 'spd' }).solver).toBe('cholesky');
  });

  it('a Krylov prepared solve meets its tolerance, with A and Aᵀ', () => {
    const p = prepare(denseOperator(general), { tol: 1e-12 });
    const b = randomVector(n, 4);
    const x = p.solve(b);
    const y = p.solveTransposed(b);
    const r = p.report;
    expect(r.solver).toBe('gmres');
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(0);
    expect(r.relativeResidual).toBeLessThanOrEqual(1e-12);
    expect(r.backwardError).toBeLessThanOrEqual(r.relativeResidual as number);
    const exact = prepare(general);
    const scale = Math.max(...exact.solve(b).map(Math.abs));
    for (let i = 0; i < n; i++) {
      expect(Math.abs(x[i] - exact.solve(b)[i])).toBeLessThan(1e-8 * scale);
      expect(Math.abs(y[i] - exact.solveTransposed(b)[i])).toBeLessThan(1e-8 * scale);
    }
  });

  it('copies a dense A: changing the caller’s matrix afterwards does not change the solves', () => {
    const A = new Matrix(n, n, spd.data.slice());
    const p = prepare(A, { structure: 'spd' });
    const b = randomVector(n, 5);
    const before = p.solve(b);
    A.data.fill(1);
    expect(Array.from(p.solve(b))).toEqual(Array.from(before));
    expect(p.report.backwardError).toBeLessThan(1e-13);
  });

  it('dispose frees it: later use throws DisposedError, disposing twice is harmless, `using` disposes', () => {
    const p = prepare(spd, { structure: 'spd' });
    expect(p.disposed).toBe(false);
    p.dispose();
    p.dispose();
    expect(p.disposed).toBe(true);
    expect(() => p.solve(randomVector(n, 1))).toThrow(DisposedError);
    expect(() => p.solveTransposed(randomVector(n, 1))).toThrow(DisposedError);
    expect(() => p.report).toThrow(DisposedError);
    let kept: PreparedSolve | undefined;
    {
      using q = prepare(spd, { structure: 'spd' });
      kept = q;
    }
    expect(kept.disposed).toBe(true);
  });

  it('onSingular: a singular A gets the minimum-norm or the damped solve, reported', () => {
    const S = Matrix.from([
      [1, 1],
      [1, 1],
    ]);
    expect(() => prepare(S)).toThrow(SingularMatrixError);
    const lstsq = prepare(S, { onSingular: 'lstsq' });
    expect(Array.from(lstsq.solve([2, 2]))).toEqual([1, 1].map((v) => expect.closeTo(v, 12)));
    expect(lstsq.report).toMatchObject({ solver: 'lstsq', rank: 1 });
    expect(lstsq.report.relativeResidual).toBeLessThan(1e-15);
    // b outside the range: x = [3/4, 3/4], r = [−1/2, 1/2]; ‖r‖₂/‖b‖₂ = 1/√10 and
    // η = ‖r‖∞ / (‖S‖∞‖x‖∞ + ‖b‖∞) = (1/2) / (2·3/4 + 2) = 1/7.
    const y = lstsq.solve([1, 2]);
    expect(y[0]).toBeCloseTo(0.75, 14);
    expect(lstsq.report.relativeResidual).toBeCloseTo(1 / Math.sqrt(10), 14);
    expect(lstsq.report.backwardError).toBeCloseTo(1 / 7, 14);
    const ridge = prepare(S, { structure: 'spd', onSingular: { ridge: 1 } });
    // (S + I) x = [3, 3] has x = [1, 1].
    const x = ridge.solve([3, 3]);
    expect(x[0]).toBeCloseTo(1, 12);
    expect(x[1]).toBeCloseTo(1, 12);
    expect(ridge.report).toMatchObject({ solver: 'cholesky', damping: 1 });
  });
});

describe('prepare: errors', () => {
  it('ShapeError: not square, a right-hand side of the wrong size; ArgumentError: not a matrix', () => {
    expect(() => prepare(new Matrix(2, 3))).toThrow(ShapeError);
    expect(() => prepare({ rows: 2, cols: 3, matvec: (v: Float64Array) => v })).toThrow(ShapeError);
    expect(() => prepare(42 as unknown as Matrix)).toThrow(ArgumentError);
    const p = prepare(spd, { structure: 'spd' });
    expect(() => p.solve(new Float64Array(n + 1))).toThrow(ShapeError);
    expect(() => p.solve(new Matrix(n + 1, 2))).toThrow(ShapeError);
    expect(() => p.solveTransposed([1])).toThrow(ShapeError);
  });

  it('ArgumentError: options that are not an object, unknown strings, bad policies', () => {
    expect(() => prepare(spd, 'spd' as never)).toThrow(ArgumentError);
    expect(() => prepare(spd, null as never)).toThrow(ArgumentError);
    expect(() => prepare(spd, { structure: 'positive' as never })).toThrow(ArgumentError);
    expect(() => prepare(spd, { method: 'direct' as never })).toThrow(ArgumentError);
    expect(() => prepare(spd, { method: 'krylov', krylov: 'lsqr' as never })).toThrow(ArgumentError);
    expect(() => prepare(spd, { onSingular: 'ignore' as never })).toThrow(ArgumentError);
    expect(() => prepare(spd, { onSingular: { ridge: -1 } })).toThrow(ArgumentError);
    expect(() => prepare(denseOperator(general), { restart: 0 }).solve(randomVector(n, 1))).toThrow(ArgumentError);
    expect(() => prepare(denseOperator(general), { tol: -1 }).solve(randomVector(n, 1))).toThrow(ArgumentError);
  });

  it('NonFiniteError: NaN in A or in b', () => {
    const A = new Matrix(n, n, spd.data.slice());
    A.data[3] = Number.NaN;
    expect(() => prepare(A)).toThrow(NonFiniteError);
    expect(() => prepare(A, { structure: 'spd' })).toThrow(/A\[0\]\[3\] is NaN/);
    const b = randomVector(n, 1);
    b[2] = Number.POSITIVE_INFINITY;
    expect(() => prepare(spd, { structure: 'spd' }).solve(b)).toThrow(NonFiniteError);
    expect(() => prepare(denseOperator(spd, ['positive-definite'])).solve(b)).toThrow(NonFiniteError);
  });

  it('NotPositiveDefiniteError with the failing pivot; NotSymmetricError with row and column', () => {
    const indefinite = Matrix.from([
      [4, 2, 0],
      [2, 1, 0],
      [0, 0, 1],
    ]);
    const e1 = catchError(() => prepare(indefinite, { structure: 'spd' }));
    expect(e1).toBeInstanceOf(NotPositiveDefiniteError);
    expect((e1 as NotPositiveDefiniteError).pivot).toBe(1);
    const asymmetric = new Matrix(n, n, spd.data.slice());
    asymmetric.data[2 * n + 5] += 1; // A[2][5]: the lower triangle stays that of spd
    for (const structure of ['spd', 'symmetric'] as const) {
      // Found eagerly with checkSymmetry: true, and lazily by the backward error of the solve.
      const eager = catchError(() => prepare(asymmetric, { structure, checkSymmetry: true }));
      expect(eager).toBeInstanceOf(NotSymmetricError);
      expect([(eager as NotSymmetricError).row, (eager as NotSymmetricError).col]).toEqual([5, 2]);
      const lazy = catchError(() => prepare(asymmetric, { structure }).solve(randomVector(n, 1)));
      expect(lazy).toBeInstanceOf(NotSymmetricError);
      expect([(lazy as NotSymmetricError).row, (lazy as NotSymmetricError).col]).toEqual([5, 2]);
      expect((lazy as Error).message).toMatch(/structure: 'general'/);
      // checkSymmetry: false uses the lower triangle as is.
      expect(() => prepare(asymmetric, { structure, checkSymmetry: false }).solve(randomVector(n, 1))).not.toThrow();
    }
  });

  it('SingularMatrixError with the zero pivot', () => {
    const S = Matrix.from([
      [1, 2, 3],
      [2, 4, 6],
      [1, 0, 1],
    ]);
    const e = catchError(() => prepare(S));
    expect(e).toBeInstanceOf(SingularMatrixError);
    expect((e as SingularMatrixError).pivot).toBe(2);
  });
});

describe('hypergradient and implicitJacobian with a PreparedSolve', () => {
  const nx = 3;
  const C = randomMatrix(n, nx, 30);

  it('give what the matrix itself gives, from one factorization, and leave it to the caller', () => {
    const g = randomVector(n, 31);
    const p = prepare(spd, { structure: 'spd' });
    const reports: SolveReport[] = [];
    const fromPrepared = hypergradient(p, C, g, { onReport: (r) => reports.push(r) });
    const direct = hypergradient(spd, C, g);
    for (let i = 0; i < nx; i++) expect(fromPrepared[i]).toBeCloseTo(direct[i], 12);
    expect(reports[0]).toMatchObject({ solver: 'cholesky' });
    // the closed form −Cᵀ H⁻¹ g through the prepared solve itself
    const v = p.solve(g);
    for (let j = 0; j < nx; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += C.data[i * nx + j] * v[i];
      expect(fromPrepared[j]).toBeCloseTo(-s, 12);
    }
    const q = prepare(general);
    const J = implicitJacobian(q, C);
    const X = q.solve(C);
    for (let i = 0; i < J.data.length; i++) expect(J.data[i]).toBe(-X.data[i]);
    expect(
      solveResidual(
        general,
        J,
        new Matrix(
          n,
          nx,
          C.data.map((c) => -c),
        ),
      ),
    ).toBeLessThan(30);
    expect(p.disposed).toBe(false);
    expect(q.disposed).toBe(false);
  });

  it('check sizes against the prepared order, and refuse a disposed one', () => {
    const p = prepare(spd, { structure: 'spd' });
    expect(() => hypergradient(p, randomMatrix(n + 1, nx, 1), randomVector(n + 1, 1))).toThrow(ShapeError);
    expect(() => hypergradient(p, C, randomVector(n + 1, 1))).toThrow(ShapeError);
    expect(() => implicitJacobian(p, randomMatrix(n - 1, nx, 1))).toThrow(ShapeError);
    p.dispose();
    expect(() => hypergradient(p, C, randomVector(n, 1))).toThrow(DisposedError);
    expect(() => implicitJacobian(p, C)).toThrow(DisposedError);
  });
});

function catchError(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
