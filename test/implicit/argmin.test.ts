import { describe, expect, it } from 'vitest';
import type { LinearOperator } from '../../src/index.js';
import { FD_DENSE_LIMIT, implicitArgmin, Matrix, NotPositiveDefiniteError } from '../../src/index.js';
import { denseSolve, randomVector, relDiff } from '../helpers/systems.js';

// Stationary points of the quadratic g(x, y) = ½ yᵀ A y − xᵀ y: ∂g/∂y = A y − x, y*(x) = A⁻¹ x,
// ∂y*/∂x = A⁻¹ (closed form), ∂²g/∂y∂yᵀ = A, ∂²g/∂y∂xᵀ = −I.

function quadratic(a: Float64Array, n: number) {
  return {
    solve: (x: Float64Array) => denseSolve(a, x, n),
    grad: (x: Float64Array, y: Float64Array) => {
      const g = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let s = -x[i];
        for (let j = 0; j < n; j++) s += a[i * n + j] * y[j];
        g[i] = s;
      }
      return g;
    },
    hessian: () => new Matrix(n, n, a),
    crossHessian: () => {
      const C = new Matrix(n, n);
      for (let i = 0; i < n; i++) C.data[i * n + i] = -1;
      return C;
    },
  };
}

function inverse(a: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const e = new Float64Array(n);
    e[j] = 1;
    const col = denseSolve(a, e, n);
    for (let i = 0; i < n; i++) out[i * n + j] = col[i];
  }
  return out;
}

describe('implicitArgmin', () => {
  const indefinite = Float64Array.of(2, 1, 0, 1, -1, 0, 0, 0, 3);
  const x = Float64Array.of(1, 2, 3);

  it('throws NotPositiveDefiniteError for an indefinite Hessian, given or by finite differences', () => {
    const q = quadratic(indefinite, 3);
    const given = implicitArgmin(q);
    expect(() => given.jacobian(x)).toThrow(NotPositiveDefiniteError);
    expect(() => given.jacobian(x)).toThrow(/hessian is not positive definite/);
    const fd = implicitArgmin({ solve: q.solve, grad: q.grad });
    expect(() => fd.vjp(x, [1, 0, 0])).toThrow(NotPositiveDefiniteError);
    const cg = implicitArgmin({ ...q, method: 'krylov' });
    expect(() => cg.jvp(x, [1, 0, 0])).toThrow(NotPositiveDefiniteError);
  });

  it("with structure: 'general' (LU) or 'symmetric' (LDLᵀ, MINRES) the saddle point is differentiated", () => {
    const q = quadratic(indefinite, 3);
    const expected = inverse(indefinite, 3);
    const lu = implicitArgmin({ ...q, structure: 'general' }).jacobian(x);
    expect(lu.report.solver).toBe('lu');
    expect(relDiff(lu.jacobian.data, expected)).toBeLessThan(1e-14);
    const ldlt = implicitArgmin({ ...q, structure: 'symmetric' }).jacobian(x);
    expect(ldlt.report.solver).toBe('ldlt');
    expect(relDiff(ldlt.jacobian.data, expected)).toBeLessThan(1e-14);
    // the report shows the saddle: one negative eigenvalue
    expect(ldlt.report.inertia).toEqual({ positive: 2, negative: 1, zero: 0 });
    // and a Hessian that is not symmetric is refused under 'symmetric' too
    const skew = Float64Array.of(2, 1, 0, 0.5, -1, 0, 0, 0, 3);
    expect(() => implicitArgmin({ ...quadratic(skew, 3), structure: 'symmetric' }).jacobian(x)).toThrow(
      /not symmetric/,
    );
    const mr = implicitArgmin({ ...q, structure: 'symmetric', method: 'krylov', tol: 1e-13 }).jacobian(x);
    expect(mr.report.solver).toBe('minres');
    expect(relDiff(mr.jacobian.data, expected)).toBeLessThan(1e-12);
  });

  it(`matrix-free finite differences above ny = ${FD_DENSE_LIMIT}: CG on directional differences of grad`, () => {
    // Tridiagonal SPD A (the 1-D Laplacian plus 0.5 I): Hessian products by differences of grad only.
    const n = FD_DENSE_LIMIT + 100;
    const apply = (v: Float64Array) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = 2.5 * v[i] - (i > 0 ? v[i - 1] : 0) - (i < n - 1 ? v[i + 1] : 0);
      return out;
    };
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      a[i * n + i] = 2.5;
      if (i > 0) a[i * n + i - 1] = -1;
      if (i < n - 1) a[i * n + i + 1] = -1;
    }
    const f = implicitArgmin({
      solve: (x) => denseSolve(a, x, n),
      grad: (x, y) => apply(y).map((v, i) => v - x[i]),
      crossHessian: (): LinearOperator => ({
        rows: n,
        cols: n,
        matvec: (v) => v.map((t) => -t),
        rmatvec: (v) => v.map((t) => -t),
      }),
    });
    const xs = randomVector(n, 3);
    const r = f.valueAndGrad(xs, (y) => [0.5 * y.reduce((s, t) => s + t * t, 0), y]);
    // dL/dx = A⁻ᵀ y = A⁻¹ y
    expect(relDiff(r.grad, denseSolve(a, r.y, n))).toBeLessThan(1e-7);
    expect(r.report.solver).toBe('cg');
    expect(r.report.sources.dFdy).toBe('finite-difference');
    expect(r.report.converged).toBe(true);
    // + 2: the scale of the default residual check takes ∂F/∂y·y by one directional difference
    expect(r.report.fdEvaluations).toBe(2 * r.report.iterations! + 2 + 2);
  });

  it('matrix-free at ny = nx = 50,000 with operators: nothing of size ny × ny (20 GB) is formed', () => {
    const n = 50_000;
    // H = tridiag(−1, 3, −1), SPD; g(x, y) = ½ yᵀHy − xᵀy; crossHessian = −I.
    const H: LinearOperator = {
      rows: n,
      cols: n,
      tags: ['positive-definite'],
      matvec: (v) => {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = 3 * v[i] - (i > 0 ? v[i - 1] : 0) - (i < n - 1 ? v[i + 1] : 0);
        return out;
      },
    };
    const minusI: LinearOperator = {
      rows: n,
      cols: n,
      matvec: (v) => v.map((t) => -t),
      rmatvec: (v) => v.map((t) => -t),
    };
    const xs = randomVector(n, 4);
    // y* = H⁻¹x: the Thomas algorithm (tridiagonal elimination) as the user's solver
    const thomas = (rhs: Float64Array) => {
      const c = new Float64Array(n);
      const d = new Float64Array(n);
      c[0] = -1 / 3;
      d[0] = rhs[0] / 3;
      for (let i = 1; i < n; i++) {
        const m = 3 + c[i - 1];
        c[i] = -1 / m;
        d[i] = (rhs[i] + d[i - 1]) / m;
      }
      const y = new Float64Array(n);
      y[n - 1] = d[n - 1];
      for (let i = n - 2; i >= 0; i--) y[i] = d[i] - c[i] * y[i + 1];
      return y;
    };
    const f = implicitArgmin({
      solve: thomas,
      grad: (x, y) => H.matvec(y).map((t, i) => t - x[i]),
      hessian: () => H,
      crossHessian: () => minusI,
    });
    const r = f.valueAndGrad(xs, (y) => [0.5 * y.reduce((a, t) => a + t * t, 0), y]);
    // dL/dx = H⁻¹ y*, by the same direct solver
    expect(relDiff(r.grad, thomas(r.y))).toBeLessThan(1e-9);
    expect(r.report.solver).toBe('cg');
    expect(r.report.derivatives).toBe('exact');
    expect(r.report.residual).toBeLessThan(1e-10);
  });
});
