import * as jax from '@jax-js/jax';
import { afterAll, describe, expect, it } from 'vitest';
import { implicitArgmin, Matrix, matvec, solve } from '../../src/index.js';
import { jaxArgmin, jaxLoss } from '../../src/jax/index.js';
import { fdGradient, logistic, relError, ridge } from './problems.js';

const np = jax.numpy;

describe('jaxArgmin on ridge regression (closed form ∂y/∂xᵀ = −H⁻¹ diag(e^x ∘ y))', () => {
  const p = ridge(9, 5, 11);
  afterAll(() => p.dispose());
  const x = Float64Array.from([0.3, -0.5, 1.2, 0.1, -1]);
  const J = p.jacobian(x);
  const target = Float64Array.from([1, -2, 0.5, 0, 3]);
  // L(y) = ½‖y − t‖², so dL/dx = Jᵀ (y − t).
  const y = p.solve(x);
  const wantGrad = matvec(
    J.transpose(),
    Float64Array.from(y, (v, i) => v - target[i]),
  );

  for (const method of ['krylov', 'dense'] as const) {
    it(`${method}: jacobian, jvp, vjp and the hypergradient match the closed form; report says autodiff on cpu`, () => {
      using f = jaxArgmin({ solve: (xx) => p.solve(xx), g: p.g, method });
      const r = f.jacobian(x);
      expect(relError(r.jacobian.data, J.data)).toBeLessThan(1e-9);
      expect(r.report.derivatives).toBe('autodiff');
      expect(r.report.sources).toEqual({ dFdy: 'autodiff', dFdx: 'autodiff' });
      // g uses exp: the exact cpu device is chosen.
      expect(r.report.device).toBe('cpu');
      expect(r.report.warnings).toEqual([]);
      expect(r.report.solver).toBe(method === 'dense' ? 'cholesky' : 'cg');

      const dx = Float64Array.from([1, 0.5, -1, 2, 0.25]);
      expect(relError(f.jvp(x, dx).tangent, matvec(J, dx))).toBeLessThan(1e-9);
      const w = Float64Array.from([0.5, -1, 2, 1, -0.25]);
      expect(relError(f.vjp(x, w).cotangent, matvec(J.transpose(), w))).toBeLessThan(1e-9);

      const loss = jaxLoss((yy) => {
        const d = yy.sub(np.array(target, { dtype: jax.DType.Float64 }));
        return np.sum(d.ref.mul(d)).mul(0.5);
      });
      const vg = f.valueAndGrad(x, loss);
      let value = 0;
      for (let i = 0; i < y.length; i++) value += 0.5 * (y[i] - target[i]) ** 2;
      expect(vg.value).toBeCloseTo(value, 12);
      expect(relError(vg.grad, wantGrad)).toBeLessThan(1e-9);
    });
  }

  it('the Jacobian is not symmetric, so a transposed one would fail the checks above', () => {
    expect(relError(J.transpose().data, J.data)).toBeGreaterThan(0.1);
  });

  it("on the wasm device (forced) the same g's derivatives carry a warning and float32 accuracy only", () => {
    using f = jaxArgmin({ solve: (xx) => p.solve(xx), g: p.g, device: 'wasm' });
    const r = f.jacobian(x);
    expect(r.report.device).toBe('wasm');
    expect(r.report.warnings?.[0]).toMatch(/g uses exp, which jax-js's wasm device computes in float32/);
    const err = relError(r.jacobian.data, J.data);
    expect(err).toBeLessThan(1e-4);
  });

  it('a g without transcendental functions runs on wasm, compiled, exactly', () => {
    const penalty = (t: number) => t;
    const xp = Float64Array.from([0.3, 0.5, 1.2, 0.1, 2]);
    const Jp = p.jacobian(xp, penalty, () => 1);
    for (const method of ['krylov', 'dense'] as const) {
      using f = jaxArgmin({ solve: (xx) => p.solve(xx, penalty), g: p.gLinear, method });
      const r = f.jacobian(xp);
      expect(r.report.device).toBe('wasm');
      expect(r.report.jit).toBe(true);
      expect(r.report.warnings).toEqual([]);
      expect(relError(r.jacobian.data, Jp.data)).toBeLessThan(1e-9);
      // Twice: the second call runs the compiled programs, which must agree.
      expect(relError(f.jacobian(xp).jacobian.data, Jp.data)).toBeLessThan(1e-9);
    }
  });

  it('jit: false gives the same derivatives', () => {
    using f = jaxArgmin({ solve: (xx) => p.solve(xx), g: p.g, jit: false });
    const r = f.jacobian(x);
    expect(r.report.jit).toBe(false);
    expect(relError(r.jacobian.data, J.data)).toBeLessThan(1e-9);
  });
});

describe('jaxArgmin on logistic regression (finite differences of the re-solved problem)', () => {
  const p = logistic(30, 4, 5);
  afterAll(() => p.dispose());
  const x = Float64Array.from([-1, 0.5, -2, 0]);
  const target = Float64Array.from([0.2, -0.1, 0.4, 0.3]);
  const outer = (y: Float64Array) => {
    let s = 0;
    for (let i = 0; i < y.length; i++) s += 0.5 * (y[i] - target[i]) ** 2;
    return s;
  };
  const loss = (y: Float64Array) => [outer(y), Float64Array.from(y, (v, i) => v - target[i])] as const;
  const fd = fdGradient((xx) => outer(p.newton(xx)), x);

  it('g alone: Newton on the objective the adapter derives, hypergradient by CG on Hessian-vector products', () => {
    using f = jaxArgmin({
      g: p.g,
      solve: (_x, objective) => {
        // Newton's method on g(x, ·), its Hessian assembled column by column from HVPs.
        let y = new Float64Array(p.n);
        for (let it = 0; it < 30; it++) {
          const grad = objective.grad(y);
          if (Math.max(...Array.from(grad, Math.abs)) < 1e-13) break;
          const H = Array.from({ length: p.n }, (_, j) => {
            const e = new Float64Array(p.n);
            e[j] = 1;
            return Array.from(objective.hvp(y, e));
          });
          const step = solve(Matrix.from(H), grad);
          y = Float64Array.from(y, (v, i) => v - step[i]);
        }
        expect(Number.isFinite(objective.value(y))).toBe(true);
        return y;
      },
    });
    const r = f.valueAndGrad(x, loss);
    expect(r.report.derivatives).toBe('autodiff');
    expect(r.report.device).toBe('cpu');
    expect(relError(r.grad, fd)).toBeLessThan(1e-6);
    expect(relError(r.y, p.newton(x))).toBeLessThan(1e-10);
  });

  it('hand-written derivatives give the same hypergradient (the core wrapper, for comparison)', () => {
    const f = implicitArgmin({
      solve: (xx) => p.newton(xx),
      grad: p.handGrad,
      hessian: p.handHessian,
      crossHessian: (xx, yy) => p.handCrossHessian(xx, yy),
    });
    expect(relError(f.valueAndGrad(x, loss).grad, fd)).toBeLessThan(1e-6);
  });

  it('the objective value of a jaxArgmin agrees with g computed by hand', () => {
    let seen = Number.NaN;
    using f = jaxArgmin({
      g: p.g,
      solve: (xx, objective) => {
        const y = p.newton(xx);
        seen = objective.value(y);
        return y;
      },
    });
    f.solve(x);
    expect(seen).toBeCloseTo(p.handValue(x, p.newton(x)), 13);
  });
});
