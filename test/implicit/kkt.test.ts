import { describe, expect, test } from 'vitest';
import { ArgumentError, NonFiniteError, ResidualError, ShapeError, SingularMatrixError } from '../../src/errors.js';
import { implicitKKT, type KKTSpec } from '../../src/implicit/kkt.js';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};
const norm = (v: ArrayLike<number>) => Math.sqrt(Array.from(v).reduce((s, t) => s + t * t, 0));

// Projection onto the unit ball: y*(x) = argmin ½‖y − x‖² s.t. ‖y‖² − 1 ≤ 0. Outside the ball
// y* = x/‖x‖ with λ = (‖x‖ − 1)/2 and ∂y*/∂x = (I − y*y*ᵀ)/‖x‖; inside, y* = x and ∂y*/∂x = I.
const ballSolve = (x: Float64Array) => {
  const r = norm(x);
  return r <= 1 ? { y: x, lambda: [0] } : { y: x.map((t) => t / r), lambda: [(r - 1) / 2] };
};
const ballExact: KKTSpec = {
  solve: ballSolve,
  grad: (x, y) => y.map((t, i) => t - x[i]),
  hessian: (_x, y, _nu, lambda) => Array.from(y, (_, i) => Array.from(y, (_, j) => (i === j ? 1 + 2 * lambda[0] : 0))),
  crossHessian: (_x, y) => Array.from(y, (_, i) => Array.from(y, (_, j) => (i === j ? -1 : 0))),
  ineq: {
    fn: (_x, y) => [y.reduce((s, t) => s + t * t, 0) - 1],
    jacobianY: (_x, y) => [Array.from(y, (t) => 2 * t)],
    jacobianX: (x) => [Array.from(x, () => 0)],
  },
};
const ballFD: KKTSpec = {
  solve: ballSolve,
  grad: (x, y) => y.map((t, i) => t - x[i]),
  ineq: (_x, y) => [y.reduce((s, t) => s + t * t, 0) - 1],
};

function ballJacobian(x: number[]): number[][] {
  const r = norm(x);
  const y = x.map((t) => t / r);
  return x.map((_, i) => x.map((_, j) => ((i === j ? 1 : 0) - y[i] * y[j]) / r));
}

describe('implicitKKT: projection onto a ball', () => {
  const outside = [1.5, -0.8, 0.6];
  for (const [name, spec, accuracy] of [
    ['exact derivatives', ballExact, 1e-12],
    ['finite differences', ballFD, 1e-6],
  ] as const) {
    test(`outside, ${name}: the closed-form Jacobian`, () => {
      const f = implicitKKT(spec);
      const { jacobian, report } = f.jacobian(outside);
      const expected = ballJacobian(outside);
      expect(maxAbsDiff(jacobian.data, expected.flat())).toBeLessThan(accuracy);
      expect(report.active).toEqual([0]);
      expect(report.degenerate).toEqual([]);
      expect(report.inertia).toEqual({ positive: 3, negative: 1, zero: 0 });
      expect(report.secondOrderSufficient).toBe(true);
      expect(report.solver).toBe('ldlt');
      expect(report.derivatives).toBe(name === 'exact derivatives' ? 'exact' : 'finite-difference');
    });
  }

  test('inside: the identity, the constraint inactive', () => {
    const { jacobian, report } = implicitKKT(ballExact).jacobian([0.2, 0.1, -0.3]);
    expect(maxAbsDiff(jacobian.data, [1, 0, 0, 0, 1, 0, 0, 0, 1])).toBeLessThan(1e-14);
    expect(report.active).toEqual([]);
    expect(report.inertia).toEqual({ positive: 3, negative: 0, zero: 0 });
  });

  test('on the sphere: degenerate (λ = 0 and d = 0), reported', () => {
    const { report } = implicitKKT(ballExact).jacobian([0.6, 0.8, 0]);
    expect(report.degenerate).toEqual([0]);
    expect(report.active).toEqual([0]);
  });

  test('jvp, vjp and valueAndGrad agree with the Jacobian', () => {
    const f = implicitKKT(ballExact);
    const J = ballJacobian(outside);
    const dx = [0.3, -1, 2];
    const w = [1, 2, -0.5];
    const Jdx = J.map((row) => row.reduce((s, v, j) => s + v * dx[j], 0));
    const Jtw = outside.map((_, j) => J.reduce((s, row, i) => s + row[j] * w[i], 0));
    expect(maxAbsDiff(f.jvp(outside, dx).tangent, Jdx)).toBeLessThan(1e-12);
    expect(maxAbsDiff(f.vjp(outside, w).cotangent, Jtw)).toBeLessThan(1e-12);
    const { value, grad } = f.valueAndGrad(outside, (y) => [y.reduce((s, t, i) => s + t * w[i], 0), w]);
    expect(value).toBeCloseTo(
      outside.reduce((s, t, i) => s + (t / norm(outside)) * w[i], 0),
      14,
    );
    expect(maxAbsDiff(grad, Jtw)).toBeLessThan(1e-12);
  });
});

// Projection of (x₀, x₁) onto the parabola y₁ = y₀² (equality), with y₀ ≤ x₂ (inequality):
// a nonlinear constrained problem whose solver is a 1-D Newton iteration on y = (t, t²).
function parabolaSolve(x: Float64Array) {
  // Stationarity of ½((t − x₀)² + (t² − x₁)²): t − x₀ + 2t(t² − x₁) = 0.
  let t = x[0];
  for (let k = 0; k < 100; k++) {
    const f = t - x[0] + 2 * t * (t * t - x[1]);
    const df = 1 + 6 * t * t - 2 * x[1];
    const step = f / df;
    t -= step;
    if (Math.abs(step) < 1e-16 * Math.max(1, Math.abs(t))) break;
  }
  let lambda = 0;
  if (t > x[2]) {
    t = x[2];
    // y − x + ν(−2t, 1) + λ(1, 0) = 0.
    const nu = x[1] - t * t;
    lambda = x[0] - t + 2 * t * nu;
  }
  const nu = x[1] - t * t;
  return { y: [t, t * t], nu: [nu], lambda: [lambda] };
}
const parabola: KKTSpec = {
  solve: parabolaSolve,
  grad: (x, y) => [y[0] - x[0], y[1] - x[1]],
  eq: { fn: (_x, y) => [y[1] - y[0] * y[0]], jacobianY: (_x, y) => [[-2 * y[0], 1]], jacobianX: () => [[0, 0, 0]] },
  ineq: { fn: (x, y) => [y[0] - x[2]], jacobianY: () => [[1, 0]], jacobianX: () => [[0, 0, -1]] },
  hessian: (_x, _y, nu) => [
    [1 - 2 * nu[0], 0],
    [0, 1],
  ],
  crossHessian: () => [
    [-1, 0, 0],
    [0, -1, 0],
  ],
};

function fdJacobian(x: number[]): number[][] {
  const h = 1e-6;
  return [0, 1].map((i) =>
    x.map((_, j) => {
      const xp = Float64Array.from(x);
      const xm = Float64Array.from(x);
      xp[j] += h;
      xm[j] -= h;
      return (parabolaSolve(xp).y[i] - parabolaSolve(xm).y[i]) / (2 * h);
    }),
  );
}

describe('implicitKKT: a nonlinear constrained problem against finite differences of the re-solved problem', () => {
  for (const [name, x, active] of [
    ['inequality inactive', [0.7, 1.4, 3], []],
    ['inequality active', [1.2, 0.4, 0.5], [0]],
  ] as const) {
    test(name, () => {
      const f = implicitKKT(parabola);
      const { jacobian, report } = f.jacobian(x);
      expect(report.active).toEqual(active);
      expect(report.secondOrderSufficient).toBe(true);
      expect(report.residual).toBeLessThan(1e-12);
      expect(maxAbsDiff(jacobian.data, fdJacobian([...x]).flat())).toBeLessThan(1e-7);
      // With every derivative by finite differences instead.
      const fd = implicitKKT({
        solve: parabola.solve,
        grad: parabola.grad,
        eq: (_x, y) => [y[1] - y[0] * y[0]],
        ineq: (xx, y) => [y[0] - xx[2]],
      });
      const approx = fd.jacobian(x);
      expect(approx.report.derivatives).toBe('finite-difference');
      expect(approx.report.fdEvaluations).toBeGreaterThan(0);
      expect(maxAbsDiff(approx.jacobian.data, jacobian.data)).toBeLessThan(1e-5);
    });
  }
});

describe('implicitKKT errors', () => {
  test('bad specs', () => {
    expect(() => implicitKKT(null as never)).toThrow(ArgumentError);
    expect(() => implicitKKT({ grad: ballExact.grad } as never)).toThrow(/spec.solve must be a function/);
    expect(() => implicitKKT({ ...ballExact, eq: 3 as never })).toThrow(/eq must be a function/);
    expect(() => implicitKKT({ ...ballExact, activeTolerance: -1 }).jacobian([2, 0, 0])).toThrow(/activeTolerance/);
  });
  test('bad returns', () => {
    expect(() => implicitKKT({ ...ballExact, solve: () => null as never }).jacobian([2, 0, 0])).toThrow(ShapeError);
    expect(() => implicitKKT({ ...ballExact, solve: () => ({ y: [1, 0, 0] }) }).jacobian([2, 0, 0])).toThrow(
      /solve\(x\).lambda/,
    );
    expect(() => implicitKKT({ ...ballExact, grad: () => [1, 2] }).jacobian([2, 0, 0])).toThrow(
      /grad\(x, y\) returned a vector of length 2, expected 3/,
    );
    expect(() => implicitKKT({ ...ballExact, hessian: () => [[1]] }).jacobian([2, 0, 0])).toThrow(
      /hessian\(x, y, nu, lambda\) is 1 × 1, expected 3 × 3/,
    );
    expect(() => implicitKKT({ ...ballExact, ineq: { fn: () => [Number.NaN] } }).jacobian([2, 0, 0])).toThrow(
      NonFiniteError,
    );
    expect(() =>
      implicitKKT({ ...ballExact, ineq: { fn: ballFD.ineq as never, jacobianY: () => [[1, 2]] } }).jacobian([2, 0, 0]),
    ).toThrow(/ineq.jacobianY\(x, y\) is 1 × 2, expected 1 × 3/);
  });
  test('dependent active constraints make the KKT matrix singular', () => {
    const twice = { ...ballFD, ineq: (_x: Float64Array, y: Float64Array) => [0, 0].map(() => norm(y) ** 2 - 1) };
    const spec = { ...twice, solve: (x: Float64Array) => ({ ...ballSolve(x), lambda: [0.25, 0.25] }) };
    expect(() => implicitKKT(spec).jacobian([1.5, 0, 0])).toThrow(SingularMatrixError);
  });
  test('a point that is not a KKT point, with residualTolerance', () => {
    const wrong = { ...ballExact, solve: () => ({ y: [0.5, 0, 0], lambda: [0] }), residualTolerance: 1e-8 };
    expect(() => implicitKKT(wrong).jacobian([2, 0, 0])).toThrow(ResidualError);
  });
  test('loss that is not a function or returns garbage', () => {
    const f = implicitKKT(ballExact);
    expect(() => f.valueAndGrad([2, 0, 0], 3 as never)).toThrow(ArgumentError);
    expect(() => f.valueAndGrad([2, 0, 0], () => [Number.NaN, [0, 0, 0]])).toThrow(NonFiniteError);
    expect(() => f.vjp([2, 0, 0], [1])).toThrow(/w has length 1, expected 3/);
  });
});
