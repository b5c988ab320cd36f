import { describe, expect, it } from 'vitest';
import type { SolveReport } from '../../src/index.js';
import {
  denseOperator,
  hypergradient,
  implicitDerivative,
  implicitJacobian,
  Matrix,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  SingularMatrixError,
} from '../../src/index.js';
import { denseSolve, randomDense, randomVector, relDiff, symmetricWithSpectrum } from '../helpers/systems.js';

describe('implicitDerivative', () => {
  it('gives dy/dx = -x/y on the circle x² + y² = 1', () => {
    for (const t of [0.3, 1.1, 2.5, -0.7]) {
      const x = Math.cos(t);
      const y = Math.sin(t);
      // f = x² + y² − 1: ∂f/∂x = 2x, ∂f/∂y = 2y
      expect(implicitDerivative(2 * x, 2 * y)).toBeCloseTo(-x / y, 14);
      // and it matches the slope of y = ±sqrt(1 − x²) by central differences
      const h = 1e-6;
      const branch = (u: number) => Math.sign(y) * Math.sqrt(1 - u * u);
      expect(implicitDerivative(2 * x, 2 * y)).toBeCloseTo((branch(x + h) - branch(x - h)) / (2 * h), 7);
    }
  });

  it('throws SingularMatrixError for dfdy = 0 and NonFiniteError for NaN', () => {
    expect(() => implicitDerivative(1, 0)).toThrow(SingularMatrixError);
    expect(() => implicitDerivative(1, 0)).toThrow(/dfdy is 0/);
    expect(() => implicitDerivative(Number.NaN, 1)).toThrow(NonFiniteError);
    expect(() => implicitDerivative(1, Number.POSITIVE_INFINITY)).toThrow(/dfdy/);
  });
});

/** −A⁻¹B by the tests' own Gaussian elimination, column by column. */
function referenceJacobian(a: Float64Array, b: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = b[i * m + j];
    const x = denseSolve(a, col, n);
    for (let i = 0; i < n; i++) out[i * m + j] = -x[i];
  }
  return out;
}

describe('implicitJacobian', () => {
  it('solves the linear system F = A y + B x − c: dy/dx = −A⁻¹B (vector system)', () => {
    for (const [n, m] of [
      [1, 1],
      [3, 2],
      [17, 40],
      [64, 5],
    ]) {
      const a = randomDense(n, n, n);
      for (let i = 0; i < n; i++) a[i * n + i] += n;
      const b = randomDense(n, m, 100 + m);
      let report: SolveReport | undefined;
      const J = implicitJacobian(new Matrix(n, n, a), new Matrix(n, m, b), { onReport: (r) => (report = r) });
      expect(J.rows).toBe(n);
      expect(J.cols).toBe(m);
      expect(relDiff(J.data, referenceJacobian(a, b, n, m))).toBeLessThan(1e-12);
      expect(report?.solver).toBe('lu');
      expect(report?.backwardError).toBeLessThan(1e-14);
      expect(report?.rcond).toBeGreaterThan(0);
      expect(report?.rcond).toBeLessThanOrEqual(1);
    }
  });

  it('accepts arrays of rows, and a 2 × 2 system by hand', () => {
    // F = [y0 + 2 y1 − x0, 3 y1 − x0 x1]: dF/dy = [[1, 2], [0, 3]], dF/dx at x = (1, 2): [[−1, 0], [−2, −1]]
    const J = implicitJacobian(
      [
        [1, 2],
        [0, 3],
      ],
      [
        [-1, 0],
        [-2, -1],
      ],
    );
    // y1 = x0 x1 / 3, y0 = x0 − 2 y1: dy1 = [x1/3, x0/3] = [2/3, 1/3]; dy0 = [1 − 4/3, −2/3]
    expect(J.toArray()[0][0]).toBeCloseTo(-1 / 3, 15);
    expect(J.toArray()[0][1]).toBeCloseTo(-2 / 3, 15);
    expect(J.toArray()[1][0]).toBeCloseTo(2 / 3, 15);
    expect(J.toArray()[1][1]).toBeCloseTo(1 / 3, 15);
  });

  it('gives the same Jacobian by Cholesky, LU and Krylov (operator or method: krylov)', () => {
    const n = 30;
    const m = 6;
    const a = symmetricWithSpectrum(
      Array.from({ length: n }, (_, i) => 1 + i),
      5,
    );
    const b = randomDense(n, m, 8);
    const reference = referenceJacobian(a, b, n, m);
    const A = new Matrix(n, n, a);
    const B = new Matrix(n, m, b);
    const reports: SolveReport[] = [];
    const onReport = (r: SolveReport) => reports.push(r);
    const results = [
      implicitJacobian(A, B, { structure: 'spd', onReport }),
      implicitJacobian(A, B, { onReport }),
      implicitJacobian(denseOperator(A, ['positive-definite']), B, { onReport, tol: 1e-13 }),
      implicitJacobian(A, B, { method: 'krylov', onReport, tol: 1e-13 }),
      implicitJacobian(A, denseOperator(B), { method: 'krylov', krylov: 'bicgstab', onReport, tol: 1e-13 }),
    ];
    for (const J of results) expect(relDiff(J.data, reference)).toBeLessThan(1e-10);
    expect(reports.map((r) => r.solver)).toEqual(['cholesky', 'lu', 'cg', 'gmres', 'bicgstab']);
    expect(reports[2].converged).toBe(true);
    expect(reports[2].iterations).toBeGreaterThan(0);
  });

  it('measures the backward error of many right-hand sides by probing', () => {
    const n = 40;
    const m = 25;
    const a = randomDense(n, n, 3);
    let report: SolveReport | undefined;
    implicitJacobian(new Matrix(n, n, a), new Matrix(n, m, randomDense(n, m, 4)), { onReport: (r) => (report = r) });
    expect(report?.backwardError).toBeGreaterThan(0);
    expect(report?.backwardError).toBeLessThan(1e-14);
  });

  it('names the argument on bad input', () => {
    const A = Matrix.identity(3);
    expect(() => implicitJacobian(A, new Matrix(2, 2))).toThrow(ShapeError);
    expect(() => implicitJacobian(A, new Matrix(2, 2))).toThrow(/dFdx/);
    expect(() => implicitJacobian(new Matrix(3, 2), new Matrix(3, 1))).toThrow(/dFdy/);
    const bad = Matrix.identity(3);
    bad.data[4] = Number.NaN;
    expect(() => implicitJacobian(bad, new Matrix(3, 1))).toThrow(NonFiniteError);
    expect(() => implicitJacobian(bad, new Matrix(3, 1))).toThrow(/dFdy\[1\]\[1\]/);
    expect(() =>
      implicitJacobian(
        [
          [1, 2],
          [2, 4],
        ],
        [[1], [1]],
      ),
    ).toThrow(SingularMatrixError);
  });
});

describe('hypergradient: the one-shot Cholesky path and the prepared solve agree', () => {
  it('same bits, same rcond, backward errors of order ε, for n = 1 … 20', () => {
    for (const n of [1, 3, 4, 9, 16, 20]) {
      const H = new Matrix(
        n,
        n,
        symmetricWithSpectrum(
          Array.from({ length: n }, (_, i) => 10 ** (-3 + (4 * i) / Math.max(n - 1, 1))),
          n,
        ),
      );
      const C = new Matrix(n, 3, randomDense(n, 3, n + 1));
      const g = randomVector(n, n + 2);
      const reports: SolveReport[] = [];
      const onReport = (r: SolveReport) => reports.push(r);
      const oneShot = hypergradient(H, C, g, { onReport });
      // An onSingular policy other than 'throw' takes the prepared solve (a Cholesky factorization
      // object, rcond checked first); for this well-conditioned H it solves with that factorization.
      const prepared = hypergradient(H, C, g, { onReport, onSingular: 'lstsq' });
      expect(Array.from(oneShot)).toEqual(Array.from(prepared));
      expect(reports[0].solver).toBe('cholesky');
      expect(reports[1].solver).toBe('cholesky');
      expect(reports[0].rcond).toBe(reports[1].rcond);
      expect(reports[0].refinementSteps).toBe(0);
      for (const r of reports) expect(r.backwardError).toBeLessThan(4 * n * 2 ** -52);
    }
  });
});

describe('hypergradient', () => {
  const n = 12;
  const m = 5;
  const h = symmetricWithSpectrum(
    Array.from({ length: n }, (_, i) => 0.5 + i),
    2,
  );
  const c = randomDense(n, m, 6);
  const g = randomVector(n, 7);
  // −Cᵀ H⁻¹ g by the tests' own solver
  const v = denseSolve(h, g, n);
  const expected = new Float64Array(m);
  for (let j = 0; j < m; j++) for (let i = 0; i < n; i++) expected[j] -= c[i * m + j] * v[i];

  it('equals −Cᵀ H⁻¹ g, through Cholesky', () => {
    let report: SolveReport | undefined;
    const out = hypergradient(new Matrix(n, n, h), new Matrix(n, m, c), g, { onReport: (r) => (report = r) });
    expect(relDiff(out, expected)).toBeLessThan(1e-13);
    expect(report?.solver).toBe('cholesky');
    expect(report?.backwardError).toBeLessThan(1e-15);
  });

  it('agrees with CG on operators (matrix-free) and LU with structure general', () => {
    const H = denseOperator({ rows: n, cols: n, data: h }, ['positive-definite']);
    const C = denseOperator({ rows: n, cols: m, data: c });
    let report: SolveReport | undefined;
    const out = hypergradient(H, C, g, { tol: 1e-13, onReport: (r) => (report = r) });
    expect(relDiff(out, expected)).toBeLessThan(1e-11);
    expect(report?.solver).toBe('cg');
    const viaLu = hypergradient(new Matrix(n, n, h), new Matrix(n, m, c), g, {
      structure: 'general',
      onReport: (r) => (report = r),
    });
    expect(relDiff(viaLu, expected)).toBeLessThan(1e-13);
    expect(report?.solver).toBe('lu');
  });

  it('refuses a Hessian that is not positive definite, or not symmetric', () => {
    const indefinite = Matrix.from([
      [2, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ]);
    const C = Matrix.identity(3);
    const err = (() => {
      try {
        hypergradient(indefinite, C, [1, 1, 1]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(NotPositiveDefiniteError);
    expect((err as NotPositiveDefiniteError).pivot).toBe(1);
    expect((err as Error).message).toMatch(/hessian/);
    const asymmetric = Matrix.from([
      [2, 1],
      [0, 2],
    ]);
    expect(() => hypergradient(asymmetric, Matrix.identity(2), [1, 1])).toThrow(/not symmetric/);
    expect(() => hypergradient(asymmetric, Matrix.identity(2), [1, 1], { checkSymmetry: true })).toThrow(
      /hessian\[1\]\[0\] = 0 but hessian\[0\]\[1\] = 1/,
    );
    // not symmetric, and its lower triangle is not positive definite: the message says "not symmetric"
    const both = Matrix.from([
      [1, 5],
      [3, 1],
    ]);
    expect(() => hypergradient(both, Matrix.identity(2), [1, 1])).toThrow(/not symmetric/);
    // with checkSymmetry: false the lower triangle is used, as LAPACK does
    const lower = hypergradient(asymmetric, Matrix.identity(2), [1, 1], { checkSymmetry: false });
    expect(lower[0]).toBeCloseTo(-0.5, 15);
    expect(lower[1]).toBeCloseTo(-0.5, 15);
    // CG finds indefiniteness too
    expect(() => hypergradient(denseOperator(indefinite, ['positive-definite']), C, [1, 1, 1])).toThrow(
      NotPositiveDefiniteError,
    );
    // and with structure: 'general' the system is solved by LU
    const out = hypergradient(indefinite, C, [1, 1, 1], { structure: 'general' });
    expect(Array.from(out)).toEqual([-0.5, 1, -1]);
  });

  it('names the argument of the wrong length or with NaN', () => {
    const H = Matrix.identity(3);
    expect(() => hypergradient(H, Matrix.identity(3), [1, 2])).toThrow(/gradLoss/);
    expect(() => hypergradient(H, new Matrix(2, 3), [1, 2, 3])).toThrow(/crossHessian/);
    expect(() => hypergradient(H, Matrix.identity(3), [1, Number.NaN, 3])).toThrow(NonFiniteError);
    const C = Matrix.identity(3);
    C.data[5] = Number.POSITIVE_INFINITY;
    expect(() => hypergradient(H, C, [1, 2, 3])).toThrow(/crossHessian\[1\]\[2\] is Infinity/);
    expect(() =>
      hypergradient(denseOperator(H, ['symmetric']), { rows: 3, cols: 3, matvec: (v) => v }, [1, 2, 3]),
    ).toThrow(/rmatvec/);
  });
});
