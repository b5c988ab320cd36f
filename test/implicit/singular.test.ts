import { describe, expect, it } from 'vitest';
import {
  ImplicitDiffError,
  implicitArgmin,
  implicitRoot,
  Matrix,
  NotPositiveDefiniteError,
  SingularMatrixError,
} from '../../src/index.js';
import { fromFactors, orthogonal, randomMatrix } from '../helpers/random.js';
import { expectAllClose, naiveMatmul } from '../helpers/reference.js';

// Linear problems F(x, y) = A·y − B·x with A = Q·diag(λ)·Qᵀ of chosen eigenvalues: every
// derivative has a closed form in Q and λ. ∂y/∂x = A⁻¹B for invertible A; the minimum-norm one
// is A⁺B = Q·diag(1/λ for λ ≠ 0, else 0)·Qᵀ·B; the damped one is (A + μI)⁻¹B = Q·diag(1/(λ+μ))·Qᵀ·B.

const n = 4;
const nx = 3;
const Q = orthogonal(n, 31);
const B = randomMatrix(n, nx, 32);

function symmetric(eigenvalues: number[]): Matrix {
  const A = fromFactors(Q, eigenvalues, Q);
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) A.data[j * n + i] = A.data[i * n + j];
  return A;
}

/** Q·diag(f(λ))·Qᵀ·B. */
function spectral(eigenvalues: number[], f: (l: number) => number): Matrix {
  return naiveMatmul(fromFactors(Q, eigenvalues.map(f), Q), B);
}

function linearRoot(A: Matrix, options: object) {
  return implicitRoot({
    // Any y works as "the solution" for the derivative formula; y = 0 is a root at x = 0.
    solve: () => new Float64Array(n),
    F: (x, y) => {
      const Ay = naiveMatmul(A, new Matrix(n, 1, y)).data;
      const Bx = naiveMatmul(B, new Matrix(nx, 1, x)).data;
      return Ay.map((v, i) => v - Bx[i]);
    },
    dFdy: () => A,
    dFdx: () =>
      new Matrix(
        n,
        nx,
        B.data.map((v) => -v),
      ),
    ...options,
  });
}

const x0 = new Float64Array(nx);
const rankDeficient = [3, 1.5, 0.5, 0];

describe("onSingular: 'throw', 'lstsq', { ridge }", () => {
  it("'throw' (default) raises SingularMatrixError on a singular ∂F/∂y", () => {
    // Row 0 is half of row 1: elimination leaves an exactly zero pivot (no rounding: 1 − 0.5·2 = 0).
    const A = Matrix.from([
      [1, 2, 0, 0],
      [2, 4, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    expect(() => linearRoot(A, {}).jacobian(x0)).toThrow(SingularMatrixError);
  });

  it("'lstsq' gives the minimum-norm derivative A⁺B and reports the rank", () => {
    const { jacobian, report } = linearRoot(symmetric(rankDeficient), { onSingular: 'lstsq' }).jacobian(x0);
    expect(report.solver).toBe('lstsq');
    expect(report.rank).toBe(3);
    expectAllClose(jacobian.data, spectral(rankDeficient, (l) => (l === 0 ? 0 : 1 / l)).data, 1e-10);
    // The VJP goes through the transposed least-squares solve: ⟨w, J u⟩ = ⟨Jᵀ w, u⟩.
    const w = Float64Array.of(1, -2, 0.5, 3);
    const { cotangent } = linearRoot(symmetric(rankDeficient), { onSingular: 'lstsq' }).vjp(x0, w);
    expectAllClose(cotangent, naiveMatmul(new Matrix(1, n, w), jacobian).data, 1e-10);
  });

  it('{ ridge: μ } gives the damped derivative (A + μI)⁻¹B and reports μ', () => {
    const mu = 0.25;
    const { jacobian, report } = linearRoot(symmetric(rankDeficient), { onSingular: { ridge: mu } }).jacobian(x0);
    expect(report.damping).toBe(mu);
    expect(report.solver).toBe('lu');
    expectAllClose(jacobian.data, spectral(rankDeficient, (l) => 1 / (l + mu)).data, 1e-12);
  });

  it('a policy leaves a well-conditioned ∂F/∂y alone', () => {
    const regular = [3, 1.5, 0.5, 0.1];
    const { jacobian, report } = linearRoot(symmetric(regular), { onSingular: { ridge: 1 } }).jacobian(x0);
    expect(report.damping).toBeUndefined();
    expectAllClose(jacobian.data, spectral(regular, (l) => 1 / l).data, 1e-12);
  });

  it('a nearly singular ∂F/∂y (rcond below n·ε) also takes the policy', () => {
    const nearly = [3, 1.5, 0.5, 1e-18];
    const { report } = linearRoot(symmetric(nearly), { onSingular: 'lstsq' }).jacobian(x0);
    expect(report.solver).toBe('lstsq');
    expect(report.rank).toBe(3);
  });

  it('rejects a malformed policy', () => {
    expect(() => linearRoot(symmetric([1, 1, 1, 1]), { onSingular: { ridge: -1 } }).jacobian(x0)).toThrow(
      /onSingular.ridge must be a finite number > 0, got -1/,
    );
    expect(() => linearRoot(symmetric([1, 1, 1, 1]), { onSingular: 'ignore' }).jacobian(x0)).toThrow(ImplicitDiffError);
  });
});

describe('argmin at a point that is not a minimum', () => {
  // g(x, y) = ½ yᵀ H y − yᵀ B x: F = H y − B x, stationary point y = H⁻¹ B x, ∂y/∂x = H⁻¹ B.
  const argmin = (H: Matrix, options: object) =>
    implicitArgmin({
      solve: () => new Float64Array(n),
      grad: (x, y) => {
        const Hy = naiveMatmul(H, new Matrix(n, 1, y)).data;
        const Bx = naiveMatmul(B, new Matrix(nx, 1, x)).data;
        return Hy.map((v, i) => v - Bx[i]);
      },
      hessian: () => H,
      crossHessian: () =>
        new Matrix(
          n,
          nx,
          B.data.map((v) => -v),
        ),
      ...options,
    });
  const saddle = [2, 1, -0.5, 0.75];

  it('an indefinite Hessian is a NotPositiveDefiniteError by default, suggesting the remedies', () => {
    expect(() => argmin(symmetric(saddle), {}).jacobian(x0)).toThrow(NotPositiveDefiniteError);
    expect(() => argmin(symmetric(saddle), {}).jacobian(x0)).toThrow(/structure: 'symmetric'/);
  });

  it("with structure: 'symmetric' it is differentiated by LDLᵀ and reported as not a minimum", () => {
    const { jacobian, report } = argmin(symmetric(saddle), { structure: 'symmetric' }).jacobian(x0);
    expect(report.solver).toBe('ldlt');
    expect(report.inertia).toEqual({ positive: 3, negative: 1, zero: 0 });
    expect(report.minimum).toBe(false);
    expectAllClose(jacobian.data, spectral(saddle, (l) => 1 / l).data, 1e-12);
  });

  it('a positive definite Hessian under LDLᵀ is reported as a minimum', () => {
    const { report } = argmin(symmetric([2, 1, 0.5, 0.75]), { structure: 'symmetric' }).jacobian(x0);
    expect(report.minimum).toBe(true);
  });
});
