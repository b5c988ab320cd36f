import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  hypergradient,
  implicitArgmin,
  implicitFixedPoint,
  implicitJacobian,
  implicitRoot,
  Matrix,
  prepare,
  ResidualError,
  SingularMatrixError,
} from '../../src/index.js';
import { pinvJacobian } from '../fixtures/defaults/reference.js';

// Defaults that refuse nonsense (issue 13): a numerically singular dense ∂F/∂y is an error under
// onSingular: 'throw', an ill-conditioned one a warning; a y that is not a root is refused by a
// scale-aware default residual tolerance; callbacks that write into their arguments change nothing.
// Oracles: closed forms (dy/dx = 1/(3y² + 1) for y³ + y = x), numpy's pseudo-inverse (fixture), and
// the same problem computed with well-behaved callbacks.

const singular = [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];

describe("onSingular: 'throw' refuses a numerically singular dense ∂F/∂y", () => {
  it('rcond ≈ 1.5e-18 without an exactly zero pivot is a SingularMatrixError (pivot −1); it used to return a derivative of size 4', () => {
    expect(() => implicitJacobian(singular, Matrix.identity(3))).toThrow(SingularMatrixError);
    try {
      implicitJacobian(singular, Matrix.identity(3));
    } catch (error) {
      expect((error as SingularMatrixError).pivot).toBe(-1);
      expect((error as Error).message).toMatch(/singular to working precision.*below n·ε/);
    }
    const f = implicitRoot({
      solve: () => [0, 0, 0],
      F: (x, y) => [0, 1, 2].map((i) => singular[i].reduce((s, a, j) => s + a * y[j], 0) - x[i]),
      dFdy: () => singular,
      dFdx: () => Matrix.identity(3).data.map((v) => -v) as never,
    });
    expect(() => f.jacobian([0, 0, 0])).toThrow(SingularMatrixError);
    expect(() => prepare(singular)).toThrow(SingularMatrixError);
  });

  it("onSingular: 'lstsq' gives the pseudo-inverse answer (numpy), with a warning", () => {
    const J = implicitJacobian(singular, Matrix.identity(3), { onSingular: 'lstsq' });
    for (let i = 0; i < 9; i++) expect(Math.abs(J.data[i] - pinvJacobian[i])).toBeLessThan(1e-12);
    const p = prepare(singular, { onSingular: 'lstsq' });
    p.solve([1, 2, 3]);
    expect(p.report.warnings.join(' ')).toMatch(/numerical rank 2 of 3/);
    p.dispose();
  });

  it('the one-shot SPD path refuses too: a hypergradient with a Hessian of rcond ≈ 5e-17', () => {
    const d = 1 - 1e-16;
    const H = [
      [1, d],
      [d, 1],
    ];
    expect(() => hypergradient(H, Matrix.identity(2), [1, 0])).toThrow(SingularMatrixError);
  });
});

describe('report.warnings', () => {
  it('an rcond below √ε carries a warning; a well-conditioned solve none', () => {
    const ill = [
      [1, 1],
      [1, 1 + 1e-10],
    ];
    let report: { warnings: string[] } | undefined;
    implicitJacobian(ill, Matrix.identity(2), { onReport: (r) => (report = r) });
    expect(report?.warnings).toHaveLength(1);
    expect(report?.warnings[0]).toMatch(/ill-conditioned: rcond = .* below √ε/);
    implicitJacobian(Matrix.identity(2), Matrix.identity(2), { onReport: (r) => (report = r) });
    expect(report?.warnings).toEqual([]);
    const f = implicitRoot({
      solve: (x) => [x[0], x[1] - x[0]],
      F: (x, y) => [y[0] - x[0], y[0] + y[1] - x[1]],
    });
    expect(f.vjp([1, 2], [1, 1]).report.warnings).toEqual([]);
  });
});

/** y³ + y = x by Newton from y = 1, `steps` iterations (3 stall at |F| ≈ 0.42 for x = 10). */
function newton(steps: number) {
  return (x: Float64Array): number[] => {
    let y = 1;
    for (let k = 0; k < steps; k++) y -= (y ** 3 + y - x[0]) / (3 * y * y + 1);
    return [y];
  };
}

const cubic = {
  F: (x: Float64Array, y: Float64Array) => [y[0] ** 3 + y[0] - x[0]],
  dFdy: (_x: Float64Array, y: Float64Array) => [[3 * y[0] * y[0] + 1]],
  dFdx: () => [[-1]],
};

describe('the default residual check', () => {
  it('a stalled Newton (|F| ≈ 0.42) is a ResidualError by default; its VJP would be 3% off', () => {
    const stalled = implicitRoot({ ...cubic, solve: newton(3) });
    expect(() => stalled.vjp([10], [1])).toThrow(ResidualError);
    expect(() => stalled.vjp([10], [1])).toThrow(/default tolerance ε\^\(1\/3\)/);
    // the case: without the check the wrong derivative comes back
    const unchecked = implicitRoot({ ...cubic, solve: newton(3), residualTolerance: Number.POSITIVE_INFINITY });
    const wrong = unchecked.vjp([10], [1]);
    expect(Math.abs(wrong.cotangent[0] - 1 / 13)).toBeGreaterThan(1e-3);
    expect(wrong.report.residual).toBeGreaterThan(0.4);
  });

  it('a converged Newton passes, with exact and with finite-difference derivatives: dy/dx = 1/13 at y = 2', () => {
    for (const spec of [
      { ...cubic, solve: newton(30) },
      { F: cubic.F, solve: newton(30) },
    ]) {
      const r = implicitRoot(spec).vjp([10], [1]);
      expect(r.y[0]).toBeCloseTo(2, 14);
      expect(Math.abs(r.cotangent[0] - 1 / 13)).toBeLessThan(1e-8);
    }
  });

  it('the same for argmin: a minimizer stopped early is refused, one that converged is not', () => {
    // g(x, y) = ½y² − x·y: y* = x, grad = y − x, dy/dx = 1
    const spec = {
      grad: (x: Float64Array, y: Float64Array) => [y[0] - x[0]],
      hessian: () => [[1]],
      crossHessian: () => [[-1]],
    };
    expect(() => implicitArgmin({ ...spec, solve: (x) => [0.9 * x[0]] }).vjp([1], [1])).toThrow(ResidualError);
    expect(implicitArgmin({ ...spec, solve: (x) => [x[0]] }).vjp([1], [1]).cotangent[0]).toBe(1);
  });

  it('an explicit residualTolerance is used as given; a negative or non-number one is refused', () => {
    const f = implicitRoot({ ...cubic, solve: newton(3), residualTolerance: 1 });
    expect(() => f.vjp([10], [1])).not.toThrow();
    expect(() => implicitRoot({ ...cubic, solve: newton(3), residualTolerance: -1 })).toThrow(ArgumentError);
    expect(() => implicitRoot({ ...cubic, solve: newton(3), residualTolerance: '1' as never })).toThrow(ArgumentError);
  });
});

describe('callbacks receive fresh copies of x and y', () => {
  /** y = A⁻¹x for a fixed 2 × 2 A: F(x, y) = A y − x. */
  const A = [
    [3, 1],
    [1, 2],
  ];
  const clean = {
    solve: (x: Float64Array) => [(2 * x[0] - x[1]) / 5, (3 * x[1] - x[0]) / 5],
    F: (x: Float64Array, y: Float64Array) => [0, 1].map((i) => A[i][0] * y[0] + A[i][1] * y[1] - x[i]),
    dFdy: () => A,
    dFdx: () => [
      [-1, 0],
      [0, -1],
    ],
  };
  /** The same functions, each of which then overwrites its arguments. */
  const vandal = {
    solve: (x: Float64Array) => {
      const y = clean.solve(x);
      x.fill(Number.NaN);
      return y;
    },
    F: (x: Float64Array, y: Float64Array) => {
      const out = clean.F(x, y);
      x.fill(1e300);
      y.fill(-7);
      return out;
    },
    dFdy: (x: Float64Array, y: Float64Array) => {
      x.fill(0);
      y.fill(0);
      return A;
    },
    dFdx: (x: Float64Array, y: Float64Array) => {
      x.fill(3);
      y.fill(3);
      return clean.dFdx();
    },
  };

  it('a root problem whose callbacks write into their arguments gives the same results', () => {
    const x = [1, 2];
    for (const pick of [(s: typeof clean) => s, ({ dFdy: _a, dFdx: _b, ...s }: typeof clean) => s]) {
      const good = implicitRoot(pick(clean));
      const bad = implicitRoot(pick(vandal as typeof clean));
      expect(Array.from(bad.jacobian(x).jacobian.data)).toEqual(Array.from(good.jacobian(x).jacobian.data));
      expect(Array.from(bad.vjp(x, [1, -1]).cotangent)).toEqual(Array.from(good.vjp(x, [1, -1]).cotangent));
      expect(Array.from(bad.jvp(x, [1, 0]).tangent)).toEqual(Array.from(good.jvp(x, [1, 0]).tangent));
      expect(Array.from(bad.jvp(x, [1, 0]).y)).toEqual(Array.from(good.jvp(x, [1, 0]).y));
    }
  });

  it('a fixed-point map T that writes into y does not change F = T − y', () => {
    // y = T(x, y) = (x + y) / 2 has y* = x, dy/dx = 1
    const T = (x: Float64Array, y: Float64Array) => {
      const t = [(x[0] + y[0]) / 2];
      y.fill(123);
      return t;
    };
    const f = implicitFixedPoint({ solve: (x) => [x[0]], T, dTdy: () => [[0.5]], dTdx: () => [[0.5]] });
    expect(f.vjp([4], [1]).cotangent[0]).toBe(1);
  });

  it('an operator whose matvec writes into its argument does not disturb the solve', () => {
    const op = {
      rows: 2,
      cols: 2,
      tags: ['positive-definite' as const],
      matvec: (v: Float64Array) => {
        const out = new Float64Array([3 * v[0] + v[1], v[0] + 2 * v[1]]);
        v.fill(0);
        return out;
      },
    };
    const g = hypergradient(op, Matrix.identity(2), [1, 1]);
    // −Cᵀ H⁻¹ g with C = I: H⁻¹ [1, 1] = [1, 2] / 5
    expect(Math.abs(g[0] + 0.2)).toBeLessThan(1e-9);
    expect(Math.abs(g[1] + 0.4)).toBeLessThan(1e-9);
  });
});

describe('specifications and options: unknown keys are refused by name', () => {
  it('a typo such as structur is an ArgumentError that lists the valid keys', () => {
    expect(() => implicitRoot({ ...cubic, solve: newton(30), structur: 'spd' } as never)).toThrow(
      /unknown option "structur"; valid keys: solve, F, dFdy, dFdx, .*structure/,
    );
    expect(() => prepare(Matrix.identity(2), { structur: 'spd' } as never)).toThrow(ArgumentError);
    expect(() => implicitJacobian(Matrix.identity(2), Matrix.identity(2), { onreport: () => {} } as never)).toThrow(
      /"onreport"/,
    );
    expect(() => hypergradient(Matrix.identity(2), Matrix.identity(2), [1, 1], { refine: 1 } as never)).toThrow(
      /refine must be true or false/,
    );
  });

  it('missing or non-function callbacks are refused when the wrapper is made', () => {
    expect(() => implicitRoot({ F: cubic.F } as never)).toThrow(/spec.solve must be a function, got undefined/);
    expect(() => implicitArgmin({ solve: newton(3), grad: 'g' } as never)).toThrow(ArgumentError);
    expect(() => implicitFixedPoint(null as never)).toThrow(ArgumentError);
    expect(() => implicitRoot({ ...cubic, solve: newton(3), dFdy: [[1]] } as never)).toThrow(
      /dFdy must be a function or absent/,
    );
  });

  it('a class instance with its methods on the prototype is a valid specification', () => {
    class Cubic {
      solve(x: Float64Array) {
        return newton(30)(x);
      }
      F(x: Float64Array, y: Float64Array) {
        return cubic.F(x, y);
      }
    }
    expect(Math.abs(implicitRoot(new Cubic()).vjp([10], [1]).cotangent[0] - 1 / 13)).toBeLessThan(1e-8);
  });
});
