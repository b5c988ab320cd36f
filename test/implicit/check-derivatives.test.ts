import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  checkDerivatives,
  DerivativeCheckError,
  implicitArgmin,
  implicitFixedPoint,
  implicitRoot,
  type LinearOperator,
  Matrix,
  matvec,
  solve,
} from '../../src/index.js';
import { randomMatrix } from '../helpers/random.js';

// Ridge with log-penalties, g(x, y) = ½‖Ay − b‖² + ½ Σ e^{x_i} y_i²: y* = H⁻¹Aᵀb, H = AᵀA + diag(e^x),
// ∂y/∂xᵀ = −H⁻¹ diag(e^x ∘ y) (closed form), cross Hessian diag(e^x ∘ y), ∂g/∂x = ½ e^x ∘ y².
const m = 8;
const n = 4;
const A = randomMatrix(m, n, 3);
const b = Float64Array.from(randomMatrix(m, 1, 4).data);
const AtA = matmulT(A);
const Atb = matvec(A.transpose(), b);

function matmulT(M: Matrix): Matrix {
  const out = new Matrix(M.cols, M.cols);
  for (let i = 0; i < M.cols; i++)
    for (let j = 0; j < M.cols; j++) {
      let s = 0;
      for (let k = 0; k < M.rows; k++) s += M.get(k, i) * M.get(k, j);
      out.set(i, j, s);
    }
  return out;
}
const H = (x: Float64Array) => {
  const M = new Matrix(n, n, Float64Array.from(AtA.data));
  for (let i = 0; i < n; i++) M.data[i * n + i] += Math.exp(x[i]);
  return M;
};
const ridge = {
  solve: (x: Float64Array) => solve(H(x), Atb),
  grad: (x: Float64Array, y: Float64Array) => {
    const r = matvec(A, y).map((v, k) => v - b[k]);
    return matvec(A.transpose(), r).map((v, i) => v + Math.exp(x[i]) * y[i]);
  },
  hessian: (x: Float64Array) => H(x),
  crossHessian: (x: Float64Array, y: Float64Array) => {
    const C = new Matrix(n, n);
    for (let i = 0; i < n; i++) C.set(i, i, Math.exp(x[i]) * y[i]);
    return C;
  },
  gradX: (x: Float64Array, y: Float64Array) => Float64Array.from(x, (v, i) => 0.5 * Math.exp(v) * y[i] * y[i]),
  g: (x: Float64Array, y: Float64Array) => {
    const r = matvec(A, y).map((v, k) => v - b[k]);
    let s = 0;
    for (const v of r) s += 0.5 * v * v;
    for (let i = 0; i < n; i++) s += 0.5 * Math.exp(x[i]) * y[i] * y[i];
    return s;
  },
};
const x0 = Float64Array.from([0.2, -0.4, 0.9, -1.3]);
const closedForm = (x: Float64Array) => {
  const y = ridge.solve(x);
  const D = new Matrix(n, n);
  for (let i = 0; i < n; i++) D.set(i, i, -Math.exp(x[i]) * y[i]);
  return solve(H(x), D) as Matrix;
};
const maxAbsDiff = (a: ArrayLike<number>, c: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - c[i])));

describe('checkDerivatives', () => {
  it('passes correct derivatives: Hessian, cross Hessian, grad and gradX against differences of g', () => {
    const r = checkDerivatives(ridge, x0);
    expect(r.ok).toBe(true);
    expect(r.entries.map((e) => e.name)).toEqual(['hessian', 'crossHessian', 'grad', 'gradX']);
    for (const e of r.entries) expect(e.relError).toBeLessThan(1e-7);
    expect(r.maxRelError).toBe(Math.max(...r.entries.map((e) => e.relError)));
    // A grad that is not the gradient of g (a penalty term forgotten) is caught, and a wrong gradX.
    const wrongGrad = {
      ...ridge,
      grad: (x: Float64Array, y: Float64Array) => ridge.grad(x, y).map((v, i) => v - 0.5 * y[i]),
    };
    expect(checkDerivatives(wrongGrad, x0).entries.find((e) => e.name === 'grad')!.relError).toBeGreaterThan(1e-3);
    expect(checkDerivatives(wrongGrad, x0).ok).toBe(false);
    const wrongGradX = { ...ridge, gradX: (x: Float64Array, y: Float64Array) => ridge.gradX(x, y).map((v) => 2 * v) };
    expect(checkDerivatives(wrongGradX, x0).ok).toBe(false);
  });

  it('catches the flipped-sign cross Hessian that made dy/dx = −1 instead of 1', () => {
    // g(x, y) = ½(y − x)²: y* = x, dy/dx = 1, ∂²g/∂y∂x = −1. With +1 supplied the wrapper says −1.
    const spec = {
      solve: (x: Float64Array) => Float64Array.from(x),
      grad: (x: Float64Array, y: Float64Array) => [y[0] - x[0]],
      hessian: () => [[1]],
      crossHessian: () => [[1]],
    };
    expect(implicitArgmin(spec).jacobian([0.5]).jacobian.get(0, 0)).toBeCloseTo(-1, 12);
    const r = checkDerivatives(spec, [0.5]);
    expect(r.ok).toBe(false);
    const bad = r.entries.find((e) => e.name === 'crossHessian')!;
    expect(bad.relError).toBeCloseTo(2, 6); // supplied +v, differences −v: ‖2v‖ / ‖v‖
    expect(bad.relError).toBeGreaterThan(bad.tolerance);
    expect(r.entries.find((e) => e.name === 'hessian')!.relError).toBeLessThan(1e-8);

    const f = implicitArgmin({ ...spec, checkDerivatives: true });
    let error: unknown;
    try {
      f.jacobian([0.5]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DerivativeCheckError);
    const d = error as DerivativeCheckError;
    expect(d.derivative).toBe('crossHessian');
    expect(d.direction).toHaveLength(1);
    expect(d.supplied[0]).toBeCloseTo(d.direction[0], 12);
    expect(d.finiteDifference[0]).toBeCloseTo(-d.direction[0], 8);
    expect(d.message).toMatch(/crossHessian disagrees with central differences along the direction v = \[/);
  });

  it('on the logistic-size ridge, a flipped cross Hessian is caught on the first call of any method', () => {
    const spec = { ...ridge, crossHessian: (x: Float64Array, y: Float64Array) => ridge.crossHessian(x, y).transpose() };
    // diag is its own transpose: this one passes; a sign flip does not.
    expect(checkDerivatives(spec, x0).ok).toBe(true);
    const flipped = implicitArgmin({
      ...ridge,
      crossHessian: (x, y) => {
        const C = ridge.crossHessian(x, y);
        for (let i = 0; i < C.data.length; i++) C.data[i] = -C.data[i];
        return C;
      },
      checkDerivatives: true,
    });
    expect(() => flipped.valueAndGrad(x0, (y) => [0, y])).toThrow(DerivativeCheckError);
    expect(() => flipped.solve(x0)).toThrow(/crossHessian/);
  });

  it('catches a transposed ∂F/∂y of a root (non-symmetric) and a wrong rmatvec of an operator', () => {
    const K = randomMatrix(3, 3, 9);
    const C = randomMatrix(3, 2, 10);
    const F = (x: Float64Array, y: Float64Array) => {
      const Ky = matvec(K, y);
      const Cx = matvec(C, x);
      return Float64Array.from(y, (v, i) => v * v * v + Ky[i] - Cx[i]);
    };
    const J = (y: Float64Array) => {
      const M = new Matrix(3, 3, Float64Array.from(K.data));
      for (let i = 0; i < 3; i++) M.data[i * 3 + i] += 3 * y[i] * y[i];
      return M;
    };
    const solveCubic = (x: Float64Array) => {
      let y = new Float64Array(3);
      for (let it = 0; it < 50; it++) {
        const step = solve(J(y), F(x, y));
        y = y.map((v, i) => v - step[i]);
      }
      return y;
    };
    const ok = { solve: solveCubic, F, dFdy: (_x: Float64Array, y: Float64Array) => J(y), dFdx: () => scaled(C, -1) };
    expect(checkDerivatives(ok, [0.3, -0.2]).ok).toBe(true);
    const transposed = { ...ok, dFdy: (_x: Float64Array, y: Float64Array) => J(y).transpose() };
    const r = checkDerivatives(transposed, [0.3, -0.2]);
    expect(r.ok).toBe(false);
    expect(r.entries.find((e) => !(e.relError <= e.tolerance))!.name).toBe('dFdy');

    const op = (y: Float64Array, wrongTranspose: boolean): LinearOperator => {
      const M = J(y);
      return {
        rows: 3,
        cols: 3,
        matvec: (v) => matvec(M, v),
        rmatvec: (v) => matvec(wrongTranspose ? M : M.transpose(), v),
      };
    };
    const good = checkDerivatives({ ...ok, dFdy: (_x, y) => op(y, false) }, [0.3, -0.2]);
    expect(good.entries.map((e) => e.name)).toEqual(['dFdy', 'dFdy.rmatvec', 'dFdx']);
    expect(good.ok).toBe(true);
    const bad = checkDerivatives({ ...ok, dFdy: (_x, y) => op(y, true) }, [0.3, -0.2]);
    expect(bad.entries.find((e) => e.name === 'dFdy')!.relError).toBeLessThan(1e-7);
    const rm = bad.entries.find((e) => e.name === 'dFdy.rmatvec')!;
    expect(rm.relError).toBeGreaterThan(rm.tolerance);
    expect(bad.ok).toBe(false);
    expect(() =>
      implicitRoot({ ...ok, dFdy: (_x, y) => op(y, true), checkDerivatives: true }).vjp([0.3, -0.2], [1, 0, 0]),
    ).toThrow(/dFdy\.rmatvec disagrees/);
  });

  it('checks dTdy and dTdx of a fixed point', () => {
    const W = scaled(randomMatrix(3, 3, 12), 0.2);
    const T = (x: Float64Array, y: Float64Array) => matvec(W, y).map((v, i) => Math.tanh(v + x[i]));
    const D = (x: Float64Array, y: Float64Array) => matvec(W, y).map((v, i) => 1 - Math.tanh(v + x[i]) ** 2);
    const spec = {
      solve: (x: Float64Array) => {
        let y = new Float64Array(3);
        for (let it = 0; it < 200; it++) y = T(x, y);
        return y;
      },
      T,
      dTdy: (x: Float64Array, y: Float64Array) => {
        const d = D(x, y);
        return Matrix.from(Array.from({ length: 3 }, (_, i) => [0, 1, 2].map((j) => d[i] * W.get(i, j))));
      },
      dTdx: (x: Float64Array, y: Float64Array) => {
        const d = D(x, y);
        return Matrix.from(Array.from({ length: 3 }, (_, i) => [0, 1, 2].map((j) => (i === j ? d[i] : 0))));
      },
    };
    expect(checkDerivatives(spec, [0.1, 0.2, -0.3]).ok).toBe(true);
    const wrong = { ...spec, dTdy: (x: Float64Array, y: Float64Array) => spec.dTdy(x, y).transpose() };
    expect(checkDerivatives(wrong, [0.1, 0.2, -0.3]).entries[0]).toMatchObject({ name: 'dTdy' });
    expect(checkDerivatives(wrong, [0.1, 0.2, -0.3]).ok).toBe(false);
    expect(() => implicitFixedPoint({ ...wrong, checkDerivatives: true }).jacobian([0.1, 0.2, -0.3])).toThrow(
      DerivativeCheckError,
    );
  });

  it('ArgumentError for a spec of no kind, bad options, a non-boolean checkDerivatives', () => {
    expect(() => checkDerivatives({ solve: () => [1] } as never, [1])).toThrow(ArgumentError);
    expect(() => checkDerivatives(ridge, x0, { directions: 0 })).toThrow(/directions must be an integer ≥ 1/);
    expect(() => checkDerivatives(ridge, x0, { tolerance: -1 })).toThrow(/tolerance must be a number > 0/);
    expect(() => implicitArgmin({ ...ridge, checkDerivatives: 'yes' as never })).toThrow(
      /checkDerivatives must be true or false/,
    );
    expect(() => checkDerivatives({ ...ridge, g: () => Number.NaN }, x0)).toThrow(
      /g\(x, y\) must return a finite number/,
    );
  });
});

describe('finite differences at the cost a user expects', () => {
  const loss = (y: Float64Array) => [0, Float64Array.from(y, (v, i) => v - i)] as const;
  const hyper = (x: Float64Array) => matvec(closedForm(x).transpose(), loss(ridge.solve(x))[1]);

  it('gradX: a finite-difference VJP in two evaluations instead of 2·nx, to the closed form', () => {
    const { crossHessian: _c, ...withoutCross } = ridge;
    const a = implicitArgmin(withoutCross).valueAndGrad(x0, loss);
    // + 2: the default residual check's scale takes ‖∂F/∂x·x‖ by one central difference.
    expect(a.report.fdEvaluations).toBe(2 + 2);
    expect(a.report.sources.dFdx).toBe('finite-difference');
    expect(maxAbsDiff(a.grad, hyper(x0))).toBeLessThan(1e-8);
    const { gradX: _g, ...neither } = withoutCross;
    const b = implicitArgmin(neither).valueAndGrad(x0, loss);
    expect(b.report.fdEvaluations).toBe(2 * n + 2);
    expect(maxAbsDiff(b.grad, hyper(x0))).toBeLessThan(1e-8);
  });

  it('warns when a call spends more than 2·(ny + nx) evaluations, naming the field that avoids them', () => {
    const { hessian: _h, crossHessian: _c, gradX: _g, ...gradOnly } = ridge;
    const r = implicitArgmin({ ...gradOnly, method: 'krylov' }).jacobian(x0);
    expect(r.report.fdEvaluations).toBeGreaterThan(2 * (n + n));
    expect(r.report.warnings).toHaveLength(1);
    expect(r.report.warnings![0]).toMatch(
      /^this call evaluated grad \d+ times for finite differences, more than 2·\(ny \+ nx\) = 16; giving hessian \(\d+\)/,
    );
    expect(maxAbsDiff(r.jacobian.data, closedForm(x0).data)).toBeLessThan(1e-6);
    // Dense differences cost 2·ny + 2·nx: within the budget, no warning.
    expect(implicitArgmin(gradOnly).jacobian(x0).report.warnings).toEqual([]);
    expect(implicitArgmin({ ...ridge, method: 'krylov' }).jacobian(x0).report.warnings).toEqual([]);
  });
});

describe('preconditionerAt and aux', () => {
  it('builds the preconditioner at each (x, y*) and keeps the derivatives', () => {
    const seen: number[] = [];
    const f = implicitArgmin({
      ...ridge,
      hessian: (x) => {
        const M = H(x);
        return { rows: n, cols: n, tags: ['positive-definite'], matvec: (v) => matvec(M, v) };
      },
      preconditionerAt: (x) => {
        seen.push(x[0]);
        const d = Float64Array.from({ length: n }, (_, i) => AtA.get(i, i) + Math.exp(x[i]));
        return (r) => Float64Array.from(r, (v, i) => v / d[i]);
      },
    });
    for (const x of [x0, Float64Array.from(x0, (v) => v + 1)]) {
      const r = f.jacobian(x);
      expect(maxAbsDiff(r.jacobian.data, closedForm(x).data)).toBeLessThan(1e-8);
    }
    expect(seen).toEqual([x0[0], x0[0] + 1]);
    expect(() =>
      implicitArgmin({
        ...ridge,
        method: 'krylov',
        preconditioner: (r) => r,
        preconditionerAt: () => (r) => r,
      }).jacobian(x0),
    ).toThrow(/give preconditioner or preconditionerAt, not both/);
    expect(() => implicitArgmin({ ...ridge, preconditionerAt: 3 as never }).jacobian(x0)).toThrow(ArgumentError);
  });

  it('solve may return { y, aux }: every result carries aux, solve(x) returns y', () => {
    const aux = { iterations: 7 };
    const f = implicitArgmin({ ...ridge, solve: (x) => ({ y: ridge.solve(x), aux }) });
    const y = ridge.solve(x0);
    expect(Array.from(f.solve(x0))).toEqual(Array.from(y));
    expect(f.jacobian(x0).aux).toBe(aux);
    expect(f.jvp(x0, [1, 0, 0, 0]).aux).toBe(aux);
    expect(f.vjp(x0, [1, 0, 0, 0]).aux).toBe(aux);
    expect(f.valueAndGrad(x0, loss0).aux).toBe(aux);
    expect('aux' in implicitArgmin(ridge).jacobian(x0)).toBe(false);
    expect(() => implicitArgmin({ ...ridge, solve: () => ({ y: [Number.NaN, 0, 0, 0] }) }).jacobian(x0)).toThrow(
      /solve\(x\)\.y/,
    );
  });
});

const loss0 = (y: Float64Array) => [0, y] as const;

function scaled(M: Matrix, s: number): Matrix {
  return new Matrix(
    M.rows,
    M.cols,
    M.data.map((v) => v * s),
  );
}
