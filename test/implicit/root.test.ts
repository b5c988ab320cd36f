import { describe, expect, it } from 'vitest';
import type { ImplicitFunction } from '../../src/index.js';
import {
  ConvergenceError,
  denseOperator,
  ImplicitDiffError,
  implicitFixedPoint,
  implicitRoot,
  Matrix,
  NonFiniteError,
  ResidualError,
  type RootSpec,
  ShapeError,
} from '../../src/index.js';
import { randomVector, relDiff } from '../helpers/systems.js';
import { dphi, fixedPoint, nx, ny, phi, root } from './problems.js';

const x = Float64Array.of(0.7, -0.4, 1.3);
const expected = dphi(x);

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

const exact: RootSpec = { solve: root.solve, F: root.F, dFdy: root.dFdy, dFdx: root.dFdx };
const variants: [string, ImplicitFunction, number][] = [
  ['exact, dense LU', implicitRoot(exact), 1e-12],
  ['finite differences, dense', implicitRoot({ solve: root.solve, F: root.F }), 1e-7],
  ['exact, GMRES on the dense matrix', implicitRoot({ ...exact, method: 'krylov', tol: 1e-13 }), 1e-11],
  [
    'exact operators (matvec + rmatvec), BiCGStab',
    implicitRoot({
      ...exact,
      dFdy: (xx, yy) => denseOperator(root.dFdy(xx, yy)),
      dFdx: (xx, yy) => denseOperator(root.dFdx(xx, yy)),
      krylov: 'bicgstab',
      tol: 1e-13,
    }),
    1e-11,
  ],
  [
    'contraction fixed point, exact',
    implicitFixedPoint({ solve: fixedPoint.solve, T: fixedPoint.T, dTdy: fixedPoint.dTdy, dTdx: fixedPoint.dTdx }),
    1e-12,
  ],
  [
    'contraction fixed point, finite differences',
    implicitFixedPoint({ solve: fixedPoint.solve, T: fixedPoint.T }),
    1e-7,
  ],
  [
    'contraction fixed point, dTdy as an operator, GMRES',
    implicitFixedPoint({
      solve: fixedPoint.solve,
      T: fixedPoint.T,
      dTdy: (xx, yy) => denseOperator(fixedPoint.dTdy(xx, yy)),
      dTdx: fixedPoint.dTdx,
      tol: 1e-13,
    }),
    1e-11,
  ],
];

describe.each(variants)('%s', (_name, f, accuracy) => {
  it('jacobian(x) equals the analytic Jacobian φ′(x)', () => {
    const r = f.jacobian(x);
    expect(r.jacobian.rows).toBe(ny);
    expect(r.jacobian.cols).toBe(nx);
    expect(relDiff(r.jacobian.data, expected.data)).toBeLessThan(accuracy);
    expect(relDiff(r.y, phi(x))).toBeLessThan(1e-13);
    expect(r.report.residual).toBeLessThan(1e-12);
    expect(r.report.backwardError).toBeLessThan(1e-10);
  });

  it('jvp and vjp agree with the Jacobian and satisfy ⟨w, J u⟩ = ⟨Jᵀ w, u⟩', () => {
    for (let s = 0; s < 3; s++) {
      const u = randomVector(nx, 10 + s);
      const w = randomVector(ny, 20 + s);
      const { tangent } = f.jvp(x, u);
      const { cotangent } = f.vjp(x, w);
      const Ju = new Float64Array(ny);
      const Jtw = new Float64Array(nx);
      for (let i = 0; i < ny; i++) {
        for (let j = 0; j < nx; j++) {
          Ju[i] += expected.data[i * nx + j] * u[j];
          Jtw[j] += expected.data[i * nx + j] * w[i];
        }
      }
      expect(relDiff(tangent, Ju)).toBeLessThan(10 * accuracy);
      expect(relDiff(cotangent, Jtw)).toBeLessThan(10 * accuracy);
      expect(Math.abs(dot(w, tangent) - dot(cotangent, u))).toBeLessThan(10 * accuracy * (1 + Math.abs(dot(w, Ju))));
    }
  });

  it('valueAndGrad(x, ½‖y‖²) = φ′ᵀ φ', () => {
    const r = f.valueAndGrad(x, (y) => [0.5 * dot(y, y), y]);
    const y = phi(x);
    const g = new Float64Array(nx);
    for (let i = 0; i < ny; i++) for (let j = 0; j < nx; j++) g[j] += expected.data[i * nx + j] * y[i];
    expect(r.value).toBeCloseTo(0.5 * dot(y, y), 12);
    expect(relDiff(r.grad, g)).toBeLessThan(10 * accuracy);
  });
});

describe('reports', () => {
  it('say which solver and which derivatives were used', () => {
    const a = implicitRoot(exact).jacobian(x).report;
    expect(a).toMatchObject({ solver: 'lu', derivatives: 'exact', fdEvaluations: 0 });
    expect(a.rcond).toBeGreaterThan(1e-3);
    expect(a.iterations).toBeUndefined();
    const b = implicitRoot({ solve: root.solve, F: root.F }).jacobian(x).report;
    expect(b).toMatchObject({ solver: 'lu', derivatives: 'finite-difference' });
    expect(b.fdEvaluations).toBe(2 * ny + 2 * nx);
    const c = implicitRoot({ ...exact, dFdx: undefined }).vjp(x, [1, 0, 0, 0]).report;
    expect(c.sources).toEqual({ dFdy: 'exact', dFdx: 'finite-difference' });
    expect(c.derivatives).toBe('finite-difference');
    const d = implicitRoot({ ...exact, method: 'krylov' }).jvp(x, [1, 2, 3]).report;
    expect(d.solver).toBe('gmres');
    expect(d.converged).toBe(true);
    expect(d.iterations).toBeGreaterThan(0);
    expect(d.rcond).toBeUndefined();
  });

  it('show an inexact inner solve in the residual, and reject it under residualTolerance', () => {
    const sloppy = (xx: Float64Array) => root.solve(xx).map((v) => v + 1e-6);
    const r = implicitRoot({ ...exact, solve: sloppy }).jvp(x, [1, 0, 0]);
    expect(r.report.residual).toBeGreaterThan(1e-6);
    expect(() => implicitRoot({ ...exact, solve: sloppy, residualTolerance: 1e-9 }).jvp(x, [1, 0, 0])).toThrow(
      ResidualError,
    );
    expect(() => implicitRoot({ ...exact, solve: sloppy, residualTolerance: 1e-9 }).jacobian(x)).toThrow(
      /residualTolerance/,
    );
  });
});

describe('bad input and failure', () => {
  const f = implicitRoot(exact);
  it('F of the wrong length or non-finite', () => {
    const short = implicitRoot({ ...exact, F: (xx, yy) => root.F(xx, yy).subarray(0, 3) });
    expect(() => short.jacobian(x)).toThrow(ShapeError);
    expect(() => short.jacobian(x)).toThrow(/F\(x, y\)/);
    const nan = implicitRoot({ ...exact, F: (xx, yy) => root.F(xx, yy).map((v, i) => (i === 2 ? Number.NaN : v)) });
    expect(() => nan.jvp(x, [1, 1, 1])).toThrow(NonFiniteError);
    expect(() => nan.jvp(x, [1, 1, 1])).toThrow(/F\(x, y\) returned NaN at index 2/);
    const badT = implicitFixedPoint({ solve: fixedPoint.solve, T: () => [1, 2] });
    expect(() => badT.jacobian(x)).toThrow(/T\(x, y\)/);
  });

  it('solve(x) returning NaN, x with NaN', () => {
    const g = implicitRoot({ ...exact, solve: () => [1, Number.NaN, 0, 0] });
    expect(() => g.jacobian(x)).toThrow(/solve\(x\)/);
    expect(() => f.jacobian([0, Number.NaN, 1])).toThrow(NonFiniteError);
  });

  it('dx, w and the loss gradient of the wrong length', () => {
    expect(() => f.jvp(x, [1, 2])).toThrow(ShapeError);
    expect(() => f.jvp(x, [1, 2])).toThrow(/dx/);
    expect(() => f.vjp(x, [1, 2, 3])).toThrow(/\bw has length 3, expected 4/);
    expect(() => f.valueAndGrad(x, () => [1, [1, 2]])).toThrow(/loss\(y\) gradient/);
    expect(() => f.valueAndGrad(x, () => [Number.NaN, [1, 2, 3, 4]])).toThrow(NonFiniteError);
  });

  it('derivative callbacks of the wrong size', () => {
    expect(() => implicitRoot({ ...exact, dFdy: () => Matrix.identity(3) }).jacobian(x)).toThrow(/dFdy is 3 × 3/);
    expect(() => implicitRoot({ ...exact, dFdx: () => new Matrix(4, 2) }).jacobian(x)).toThrow(/dFdx is 4 × 2/);
    const wrongOp = implicitRoot({ ...exact, dFdy: () => ({ rows: 4, cols: 4, matvec: () => new Float64Array(3) }) });
    expect(() => wrongOp.jvp(x, [1, 0, 0])).toThrow(/dFdy.matvec returned a vector of length 3/);
  });

  it('a Krylov solve that does not converge is an error, or converged: false on request', () => {
    const capped = { ...exact, method: 'krylov' as const, maxIter: 1, tol: 1e-14 };
    expect(() => implicitRoot(capped).jvp(x, [1, 1, 1])).toThrow(ConvergenceError);
    const r = implicitRoot({ ...capped, allowUnconverged: true }).jvp(x, [1, 1, 1]);
    expect(r.report.converged).toBe(false);
    expect(r.report.iterations).toBe(1);
  });

  it('matrix-free finite differences cannot give a general transpose: a clear error', () => {
    const g = implicitRoot({ solve: root.solve, F: root.F, method: 'krylov' });
    expect(
      relDiff(
        g.jvp(x, [1, 0, 0]).tangent,
        [0, 0, 0, 0].map((_, i) => expected.data[i * nx]),
      ),
    ).toBeLessThan(1e-6);
    expect(() => g.vjp(x, [1, 0, 0, 0])).toThrow(ImplicitDiffError);
    expect(() => g.vjp(x, [1, 0, 0, 0])).toThrow(/rmatvec|symmetric/);
  });

  it('a fixed point agrees with finite differences of the re-solved problem', () => {
    const g = implicitFixedPoint({
      solve: fixedPoint.solve,
      T: fixedPoint.T,
      dTdy: fixedPoint.dTdy,
      dTdx: fixedPoint.dTdx,
    });
    const J = g.jacobian(x).jacobian;
    for (let j = 0; j < nx; j++) {
      const h = 1e-6;
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] += h;
      xm[j] -= h;
      const yp = fixedPoint.solve(xp);
      const ym = fixedPoint.solve(xm);
      for (let i = 0; i < ny; i++) expect(J.get(i, j)).toBeCloseTo((yp[i] - ym[i]) / (2 * h), 7);
    }
  });
});
