import { describe } from '../check/entries.js';
import { checkOptions, flagOption, numberOption } from '../check/options.js';
import { ArgumentError, ResidualError, ShapeError } from '../errors.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite, finiteVector } from '../linalg/validate.js';
import { checkProduct } from '../operators/linear-operator.js';
import { type PreparedSolve, prepared } from '../solvers/prepared.js';
import type { SolveReport } from '../solvers/report.js';
import { fdJacobian, fdTransposeProduct } from './finite-difference.js';
import { checkLoss, evaluateLoss } from './loss.js';
import type { DerivativeSource, Report } from './report.js';
import type { ImplicitOptions, Loss } from './types.js';

/** A constraint function (x, y) ↦ values, optionally with its Jacobians. */
export type ConstraintSpec =
  | ((x: Float64Array, y: Float64Array) => VectorLike)
  | {
      fn(x: Float64Array, y: Float64Array): VectorLike;
      /** ∂c/∂yᵀ (m × ny); finite differences of `fn` when absent. */
      jacobianY?(x: Float64Array, y: Float64Array): MatrixLike;
      /** ∂c/∂xᵀ (m × nx); finite differences of `fn` when absent. */
      jacobianX?(x: Float64Array, y: Float64Array): MatrixLike;
    };

/**
 * A smooth constrained problem y*(x) = argmin_y g(x, y) s.t. c(x, y) = 0, d(x, y) ≤ 0. The KKT
 * matrix is dense and symmetric indefinite, so of the linear-solve options only those of a dense
 * LDLᵀ apply.
 */
export interface KKTSpec
  extends Pick<ImplicitOptions, 'residualTolerance' | 'refine' | 'checkSymmetry' | 'onSingular'> {
  /** The user's solver: y*(x) with the multipliers ν (of c) and λ ≥ 0 (of d). */
  solve(x: Float64Array): { y: VectorLike; nu?: VectorLike; lambda?: VectorLike };
  /** ∇_y g at (x, y), length ny. */
  grad(x: Float64Array, y: Float64Array): VectorLike;
  /** ∇²_yy of the Lagrangian g + νᵀc + λᵀd (ny × ny); finite differences when absent. */
  hessian?(x: Float64Array, y: Float64Array, nu: Float64Array, lambda: Float64Array): MatrixLike;
  /** ∇²_yx of the Lagrangian (ny × nx, rows indexed by y); finite differences when absent. */
  crossHessian?(x: Float64Array, y: Float64Array, nu: Float64Array, lambda: Float64Array): MatrixLike;
  /** Equality constraints c(x, y) = 0. */
  eq?: ConstraintSpec;
  /** Inequality constraints d(x, y) ≤ 0. */
  ineq?: ConstraintSpec;
  /**
   * An inequality is active when λᵢ > |dᵢ|, and degenerate (weakly active) when both λᵢ and |dᵢ|
   * are at most this, relative to max(1, ‖λ‖∞) and max(1, ‖d‖∞); default 1e-6.
   */
  activeTolerance?: number;
}

/** The report of an `implicitKKT` result: the solve's, and what the KKT conditions showed. */
export interface KKTDerivativeReport extends Report {
  /** Indices of the inequalities treated as active (degenerate ones included). */
  active: number[];
  /** Active inequalities with λᵢ and dᵢ both ≈ 0: the derivative is one-sided there. */
  degenerate: number[];
  /** Inertia of [[∇²L, Jᵀ], [J, 0]], J the Jacobian of the p equalities and k active inequalities. */
  inertia: { positive: number; negative: number; zero: number };
  /**
   * Whether the inertia is (ny, p + k, 0): J has full row rank and ∇²L is positive definite on its
   * null space, the strict second-order sufficient conditions of a local minimum (as
   * `implicitArgmin` reports `minimum`).
   */
  secondOrderSufficient: boolean;
}

/** Results of the methods of {@link implicitKKT}: as `implicitArgmin`'s, with the multipliers. */
export interface KKTFunction {
  solve(x: VectorLike): Float64Array;
  jacobian(x: VectorLike): { y: Float64Array; jacobian: Matrix; report: KKTDerivativeReport };
  jvp(x: VectorLike, dx: VectorLike): { y: Float64Array; tangent: Float64Array; report: KKTDerivativeReport };
  vjp(x: VectorLike, w: VectorLike): { y: Float64Array; cotangent: Float64Array; report: KKTDerivativeReport };
  valueAndGrad(
    x: VectorLike,
    loss: Loss,
  ): { value: number; grad: Float64Array; y: Float64Array; report: KKTDerivativeReport };
}

interface Constraint {
  name: string;
  /** The values, checked finite and, when `length` is given, of that length. */
  fn(x: Float64Array, y: Float64Array, length?: number): Float64Array;
  jacobianY?: (x: Float64Array, y: Float64Array) => Matrix;
  jacobianX?: (x: Float64Array, y: Float64Array) => Matrix;
}

function constraint(spec: ConstraintSpec | undefined, name: string): Constraint | undefined {
  if (spec === undefined) return undefined;
  const checked =
    (f: (x: Float64Array, y: Float64Array) => MatrixLike, what: string) => (x: Float64Array, y: Float64Array) => {
      const M = asMatrix(f(x.slice(), y.slice()), what);
      assertFinite(M.data, what, M.cols);
      return M;
    };
  const values = (v: VectorLike, what: string, length?: number) =>
    length === undefined ? Float64Array.from(finiteVector(v, what)) : checkProduct(v, length, what);
  if (typeof spec === 'function') {
    return { name, fn: (x, y, m) => values(spec(x.slice(), y.slice()), `${name}(x, y)`, m) };
  }
  if (spec === null || typeof spec !== 'object' || typeof spec.fn !== 'function') {
    throw new ArgumentError(`${name} must be a function (x, y) ↦ values or { fn, jacobianY?, jacobianX? }`);
  }
  return {
    name,
    fn: (x, y, m) => values(spec.fn(x.slice(), y.slice()), `${name}.fn(x, y)`, m),
    jacobianY: spec.jacobianY && checked(spec.jacobianY.bind(spec), `${name}.jacobianY(x, y)`),
    jacobianX: spec.jacobianX && checked(spec.jacobianX.bind(spec), `${name}.jacobianX(x, y)`),
  };
}

/** The KKT system at one (x, y*, ν, λ): factored once, serving every right-hand side of a call. */
class KKTPoint {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly ny: number;
  readonly nx: number;
  readonly #solver: PreparedSolve;
  readonly #B: Matrix;
  readonly #report: Omit<KKTDerivativeReport, Exclude<keyof SolveReport, 'inertia'>>;

  constructor(spec: KKTSpec, eq: Constraint | undefined, ineq: Constraint | undefined, xIn: VectorLike) {
    const x = Float64Array.from(finiteVector(xIn, 'x'));
    this.x = x;
    this.nx = x.length;
    const out = spec.solve(Float64Array.from(x));
    if (out === null || typeof out !== 'object') {
      throw new ShapeError('solve(x) must return { y, nu?, lambda? }');
    }
    const y = Float64Array.from(finiteVector(out.y, 'solve(x).y'));
    this.y = y;
    const ny = y.length;
    this.ny = ny;
    let fdEvaluations = 0;
    const count = <T>(v: T): T => {
      fdEvaluations++;
      return v;
    };
    const cVal = eq ? eq.fn(x, y) : new Float64Array(0);
    const dVal = ineq ? ineq.fn(x, y) : new Float64Array(0);
    const p = cVal.length;
    const q = dVal.length;
    const nu =
      out.nu === undefined && p === 0 ? new Float64Array(0) : finiteVector(out.nu as VectorLike, 'solve(x).nu', p);
    const lambda =
      out.lambda === undefined && q === 0
        ? new Float64Array(0)
        : finiteVector(out.lambda as VectorLike, 'solve(x).lambda', q);
    const gradAt = (xx: Float64Array, yy: Float64Array) =>
      checkProduct(spec.grad(xx.slice(), yy.slice()), ny, 'grad(x, y)');

    // Active set: the larger of λᵢ and |dᵢ| decides; both small is degenerate.
    const tolerance = spec.activeTolerance ?? 1e-6;
    if (typeof tolerance !== 'number' || !(tolerance > 0)) {
      throw new ArgumentError(`activeTolerance must be a positive number, got ${String(spec.activeTolerance)}`);
    }
    let lambdaScale = 1;
    let dScale = 1;
    for (let i = 0; i < q; i++) {
      lambdaScale = Math.max(lambdaScale, Math.abs(lambda[i]));
      dScale = Math.max(dScale, Math.abs(dVal[i]));
    }
    const active: number[] = [];
    const degenerate: number[] = [];
    for (let i = 0; i < q; i++) {
      const l = lambda[i] / lambdaScale;
      const s = Math.abs(dVal[i]) / dScale;
      if (l <= tolerance && s <= tolerance) {
        degenerate.push(i);
        active.push(i);
      } else if (l > s) active.push(i);
    }
    const k = active.length;
    const lambdaFull = new Float64Array(q);
    for (const i of active) lambdaFull[i] = lambda[i];

    // Jacobians of the constraints at (x, y), rows of the active inequalities only.
    const jac = (c: Constraint | undefined, m: number, which: 'y' | 'x'): Matrix => {
      if (c === undefined || m === 0) return new Matrix(m, which === 'y' ? ny : this.nx);
      const given = which === 'y' ? c.jacobianY : c.jacobianX;
      const cols = which === 'y' ? ny : this.nx;
      if (given !== undefined) {
        const J = given(x, y);
        if (J.rows !== m || J.cols !== cols) {
          throw new ShapeError(
            `${c.name}.jacobian${which.toUpperCase()}(x, y) is ${J.rows} × ${J.cols}, expected ${m} × ${cols}`,
          );
        }
        return J;
      }
      return which === 'y'
        ? fdJacobian((yy) => count(c.fn(x, yy, m)), y, m)
        : fdJacobian((xx) => count(c.fn(xx, y, m)), x, m);
    };
    const Jcy = jac(eq, p, 'y');
    const Jdy = rows(jac(ineq, q, 'y'), active);
    const Jcx = jac(eq, p, 'x');
    const Jdx = rows(jac(ineq, q, 'x'), active);

    // ∇_y L(x', y') = ∇_y g + (∂c/∂y)ᵀν + (∂d/∂y)ᵀλ at any (x', y'), for finite differences.
    const lagrangianGradient = (xx: Float64Array, yy: Float64Array): Float64Array => {
      const g = Float64Array.from(gradAt(xx, yy));
      for (const [c, mult] of [
        [eq, nu],
        [ineq, lambdaFull],
      ] as const) {
        if (c === undefined || mult.length === 0) continue;
        const Jt =
          c.jacobianY !== undefined
            ? transposeTimes(c.jacobianY(xx, yy), mult)
            : fdTransposeProduct((v) => count(c.fn(xx, v, mult.length)), yy, mult);
        for (let i = 0; i < ny; i++) g[i] += Jt[i];
      }
      return g;
    };
    const stationarity = lagrangianGradient(x, y);
    let residual = 0;
    for (const v of stationarity) residual += v * v;
    for (const v of cVal) residual += v * v;
    for (const i of active) residual += dVal[i] * dVal[i];
    residual = Math.sqrt(residual);
    if (spec.residualTolerance !== undefined && !(residual <= spec.residualTolerance)) {
      throw new ResidualError(
        `the KKT residual ‖(∇_y L, c, d_active)‖₂ = ${residual.toExponential(3)} at the point returned by solve(x) exceeds residualTolerance = ${spec.residualTolerance}: it is not a KKT point to that accuracy`,
        residual,
        spec.residualTolerance,
      );
    }

    const hessianSource: DerivativeSource = spec.hessian ? 'exact' : 'finite-difference';
    const H = spec.hessian
      ? sized(spec.hessian(x.slice(), y.slice(), nu.slice(), lambdaFull.slice()), 'hessian(x, y, nu, lambda)', ny, ny)
      : symmetrized(fdJacobian((yy) => count(lagrangianGradient(x, yy)), y, ny));
    const crossSource: DerivativeSource = spec.crossHessian ? 'exact' : 'finite-difference';
    const C = spec.crossHessian
      ? sized(
          spec.crossHessian(x.slice(), y.slice(), nu.slice(), lambdaFull.slice()),
          'crossHessian(x, y, nu, lambda)',
          ny,
          this.nx,
        )
      : fdJacobian((xx) => count(lagrangianGradient(xx, y)), x, ny);

    // K = [[∇²L, Jᵀ], [J, 0]] and B = [∇²_yx L; ∂c/∂x; ∂d_S/∂x].
    const N = ny + p + k;
    const K = new Matrix(N, N);
    const B = new Matrix(N, this.nx);
    const blocks: [Matrix, Matrix][] = [
      [Jcy, Jcx],
      [Jdy, Jdx],
    ];
    for (let i = 0; i < ny; i++) {
      K.data.set(H.data.subarray(i * ny, (i + 1) * ny), i * N);
      B.data.set(C.data.subarray(i * this.nx, (i + 1) * this.nx), i * this.nx);
    }
    let row = ny;
    for (const [Jy, Jx] of blocks) {
      for (let r = 0; r < Jy.rows; r++, row++) {
        for (let j = 0; j < ny; j++) {
          K.data[row * N + j] = Jy.data[r * ny + j];
          K.data[j * N + row] = Jy.data[r * ny + j];
        }
        B.data.set(Jx.data.subarray(r * this.nx, (r + 1) * this.nx), row * this.nx);
      }
    }
    const { refine, checkSymmetry, onSingular } = spec;
    this.#solver = prepared(
      K,
      'symmetric',
      { method: 'dense', refine, checkSymmetry, onSingular },
      'the KKT matrix [[∇²L, Jᵀ], [J, 0]]',
    );
    this.#B = B;
    const constraintSource: DerivativeSource =
      (eq === undefined || eq.jacobianY !== undefined) &&
      (ineq === undefined || ineq.jacobianY !== undefined || q === 0)
        ? 'exact'
        : 'finite-difference';
    const constraintXSource: DerivativeSource =
      (eq === undefined || eq.jacobianX !== undefined) &&
      (ineq === undefined || ineq.jacobianX !== undefined || q === 0)
        ? 'exact'
        : 'finite-difference';
    const dFdy: DerivativeSource =
      hessianSource === 'exact' && constraintSource === 'exact' ? 'exact' : 'finite-difference';
    const dFdx: DerivativeSource =
      crossSource === 'exact' && constraintXSource === 'exact' ? 'exact' : 'finite-difference';
    const inertia = this.#solver.report.inertia ?? { positive: 0, negative: 0, zero: N };
    this.#report = {
      derivatives: dFdy === 'exact' && dFdx === 'exact' ? 'exact' : 'finite-difference',
      sources: { dFdy, dFdx },
      residual,
      fdEvaluations,
      active,
      degenerate,
      inertia,
      secondOrderSufficient: inertia.positive === ny && inertia.negative === p + k && inertia.zero === 0,
    };
  }

  /** −K⁻¹B (ny rows of it), or its product with dx. */
  jacobian(): Matrix {
    const Z = this.#solver.solve(this.#B);
    const J = new Matrix(this.ny, this.nx);
    for (let i = 0; i < J.data.length; i++) J.data[i] = -Z.data[i];
    return J;
  }

  jvp(dx: Float64Array): Float64Array {
    const N = this.#B.rows;
    const r = new Float64Array(N);
    const b = this.#B.data;
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let j = 0; j < this.nx; j++) s += b[i * this.nx + j] * dx[j];
      r[i] = s;
    }
    const z = this.#solver.solve(r);
    return Float64Array.from(z.subarray(0, this.ny), (v) => -v);
  }

  /** −Bᵀ K⁻¹ [w; 0] (K symmetric). */
  vjp(w: Float64Array): Float64Array {
    const r = new Float64Array(this.#B.rows);
    r.set(w);
    const u = this.#solver.solve(r);
    const out = new Float64Array(this.nx);
    const b = this.#B.data;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < this.nx; j++) out[j] -= b[i * this.nx + j] * u[i];
    return out;
  }

  report(): KKTDerivativeReport {
    return {
      ...this.#solver.report,
      ...this.#report,
      active: [...this.#report.active],
      degenerate: [...this.#report.degenerate],
    };
  }

  dispose(): void {
    this.#solver.dispose();
  }
}

/** The keys a {@link KKTSpec} may have. */
const KKT_SPEC_KEYS: readonly (keyof KKTSpec)[] = [
  'solve',
  'grad',
  'hessian',
  'crossHessian',
  'eq',
  'ineq',
  'activeTolerance',
  'residualTolerance',
  'refine',
  'checkSymmetry',
  'onSingular',
];

/**
 * Makes the solution of a smooth constrained problem differentiable,
 *
 *   y*(x) = argmin_y g(x, y)   subject to   c(x, y) = 0,   d(x, y) ≤ 0,
 *
 * from the user's solver of it (which returns y and the multipliers ν, λ ≥ 0), by the implicit
 * function theorem on the KKT conditions restricted to the active inequalities S (λᵢ > |dᵢ|):
 * F(x, y, ν, λ_S) = [∇_y g + (∂c/∂y)ᵀν + (∂d_S/∂y)ᵀλ_S; c; d_S] = 0, so
 *
 *   [[∇²L, Jᵀ], [J, 0]]·∂(y, ν, λ_S)/∂x = −[∇²_yx L; ∂c/∂x; ∂d_S/∂x],   J = [∂c/∂y; ∂d_S/∂y],
 *
 * with L = g + νᵀc + λᵀd (as JAXopt's make_kkt_optimality_fun, on the active set). The KKT matrix
 * is symmetric indefinite: it is factored once per call by Bunch–Kaufman LDLᵀ, and its inertia is
 * (ny, p + k, 0) exactly when J has full row rank and ∇²L is positive definite on J's null space —
 * the strict second-order sufficient conditions, reported as `secondOrderSufficient`. Degenerate
 * inequalities (λᵢ ≈ 0 and dᵢ ≈ 0) are kept active: the derivative is then the one-sided one along
 * perturbations that keep them binding. Whatever is not given — `hessian`, `crossHessian`, the
 * constraints' Jacobians — is taken by central finite differences, and the report says so.
 *
 * @throws {ArgumentError} when spec has an unknown key, a callback is not a function, a constraint is neither a function nor `{ fn, … }`, a flag is not a boolean, or `activeTolerance` or `residualTolerance` is not a valid number.
 * @throws {ShapeError} when solve, grad, a constraint, a Jacobian or a Hessian returns the wrong shape.
 * @throws {NonFiniteError} when one of them returns NaN or ±Infinity.
 * @throws {ResidualError} when `residualTolerance` is set and the KKT residual exceeds it.
 * @throws {SingularMatrixError} when the KKT matrix is singular (dependent active constraints, or
 * a Hessian singular on their null space), unless `onSingular` says otherwise.
 */
export function implicitKKT(spec: KKTSpec): KKTFunction {
  if (spec === null || typeof spec !== 'object') {
    throw new ArgumentError(`implicitKKT needs a spec object, got ${describe(spec)}`);
  }
  checkOptions(spec, 'implicitKKT: spec', KKT_SPEC_KEYS, { plain: false });
  for (const name of ['solve', 'grad'] as const) {
    if (typeof spec[name] !== 'function') throw new ArgumentError(`spec.${name} must be a function`);
  }
  for (const name of ['hessian', 'crossHessian'] as const) {
    if (spec[name] !== undefined && typeof spec[name] !== 'function') {
      throw new ArgumentError(`spec.${name} must be a function or absent, got ${describe(spec[name])}`);
    }
  }
  flagOption(spec.refine, 'implicitKKT: spec.refine', true);
  flagOption(spec.checkSymmetry, 'implicitKKT: spec.checkSymmetry', false);
  numberOption(spec.residualTolerance, 'implicitKKT: spec.residualTolerance', 0, { min: 0 });
  const eq = constraint(spec.eq, 'eq');
  const ineq = constraint(spec.ineq, 'ineq');
  const at = <T>(x: VectorLike, body: (point: KKTPoint) => T): T => {
    const point = new KKTPoint(spec, eq, ineq, x);
    try {
      return body(point);
    } finally {
      point.dispose();
    }
  };
  return {
    solve(x) {
      const out = spec.solve(Float64Array.from(finiteVector(x, 'x')));
      if (out === null || typeof out !== 'object') throw new ShapeError('solve(x) must return { y, nu?, lambda? }');
      return Float64Array.from(finiteVector(out.y, 'solve(x).y'));
    },
    jacobian: (x) => at(x, (point) => ({ y: point.y, jacobian: point.jacobian(), report: point.report() })),
    jvp: (x, dx) =>
      at(x, (point) => {
        const d = finiteVector(dx, 'dx', point.nx);
        return { y: point.y, tangent: point.jvp(d), report: point.report() };
      }),
    vjp: (x, w) =>
      at(x, (point) => {
        const wv = finiteVector(w, 'w', point.ny);
        return { y: point.y, cotangent: point.vjp(wv), report: point.report() };
      }),
    valueAndGrad(x, loss) {
      checkLoss(loss);
      return at(x, (point) => {
        const { value, gradient } = evaluateLoss(loss, point.y);
        return { value, grad: point.vjp(gradient), y: point.y, report: point.report() };
      });
    },
  };
}

/** The given rows of M, in order. */
function rows(M: Matrix, which: number[]): Matrix {
  const out = new Matrix(which.length, M.cols);
  which.forEach((r, i) => {
    out.data.set(M.data.subarray(r * M.cols, (r + 1) * M.cols), i * M.cols);
  });
  return out;
}

/** Mᵀv. */
function transposeTimes(M: Matrix, v: Float64Array): Float64Array {
  const out = new Float64Array(M.cols);
  for (let i = 0; i < M.rows; i++) for (let j = 0; j < M.cols; j++) out[j] += M.data[i * M.cols + j] * v[i];
  return out;
}

/** A user's matrix checked for its shape and finite entries. */
function sized(M: MatrixLike, name: string, r: number, c: number): Matrix {
  const A = asMatrix(M, name);
  if (A.rows !== r || A.cols !== c) throw new ShapeError(`${name} is ${A.rows} × ${A.cols}, expected ${r} × ${c}`);
  assertFinite(A.data, name, c);
  return A;
}

/** (A + Aᵀ)/2 in place: a finite-difference Hessian is symmetric up to rounding. */
function symmetrized(A: Matrix): Matrix {
  const n = A.rows;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (A.data[i * n + j] + A.data[j * n + i]);
      A.data[i * n + j] = m;
      A.data[j * n + i] = m;
    }
  }
  return A;
}
