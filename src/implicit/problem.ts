import { ArgumentError, ResidualError } from '../errors.js';
import { norm2 } from '../krylov/vector.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import { finiteVector } from '../linalg/validate.js';
import { checkProduct, type LinearOperator } from '../operators/linear-operator.js';
import { apply, applyTransposed, materialize } from '../operators/operand.js';
import { pickStructure, type Structure, structureTags } from '../solvers/options.js';
import { type PreparedSolve, prepared } from '../solvers/prepared.js';
import { fdDirectional, fdJacobian, fdTransposeProduct } from './finite-difference.js';
import { checkLoss, evaluateLoss } from './loss.js';
import type { DerivativeSource, Report } from './report.js';
import type {
  ImplicitFunction,
  ImplicitOptions,
  JacobianResult,
  JvpResult,
  Loss,
  ValueAndGradResult,
  VjpResult,
} from './types.js';

/**
 * Without ∂F/∂y and with `method: 'auto'`, ny up to this size forms ∂F/∂y densely by central
 * differences (2·ny evaluations of F, then a factorization); above it, products ∂F/∂y·v are taken
 * matrix-free by directional differences (2 evaluations each) inside a Krylov solve.
 */
export const FD_DENSE_LIMIT = 500;

/**
 * The default `residualTolerance` is this times the scale of F's terms at (x, y),
 * ‖∂F/∂y·y‖₂ + ‖∂F/∂x·x‖₂ (for an affine F = J·y + B·x + c these are the terms whose sum with c
 * vanishes at the root): ε^{1/3} ≈ 6.1e-6. A float64 solver that converged leaves a residual near
 * ε times that scale; one that stalled, orders of magnitude more.
 */
export const RESIDUAL_RELATIVE_TOLERANCE = Math.cbrt(2 ** -52);

/** Default relative Krylov tolerance when ∂F/∂y is applied by directional finite differences. */
export const FD_KRYLOV_TOL = 1e-8;

/** The names of a problem's functions, as its errors and reports call them. */
export interface Names {
  solve: string;
  F: string;
  dFdy: string;
  dFdx: string;
}

/** What a user's solver may return: y, or y with auxiliary data carried to the results (JAXopt's `has_aux`). */
export type Solution = VectorLike | { y: VectorLike; aux?: unknown };

/** y and aux from what `solve(x)` returned (named `name` in errors). */
export function readSolution(out: Solution, name: string): { y: Float64Array; aux?: unknown } {
  if (out !== null && typeof out === 'object' && !isArrayLike(out) && 'y' in out) {
    const y = Float64Array.from(finiteVector(out.y, `${name}.y`));
    return 'aux' in out ? { y, aux: out.aux } : { y };
  }
  return { y: Float64Array.from(finiteVector(out as VectorLike, name)) };
}

function isArrayLike(v: object): boolean {
  return typeof (v as ArrayLike<unknown>).length === 'number';
}

/** A root problem F(x, y) = 0 as the three wrappers reduce to it. */
export interface Problem {
  names: Names;
  solve(x: Float64Array): Solution;
  /** F(x, y); its output is checked for length ny and finite entries. */
  F(x: Float64Array, y: Float64Array): VectorLike;
  /** ∂F/∂yᵀ (ny × ny) checked and converted, or undefined for finite differences. */
  dFdy?: (x: Float64Array, y: Float64Array, ny: number) => Matrix | LinearOperator;
  /** ∂F/∂xᵀ (ny × nx) checked, or undefined for finite differences. */
  dFdx?: (x: Float64Array, y: Float64Array, ny: number, nx: number) => Matrix | LinearOperator;
  /**
   * Argmin only, optional: ∂g/∂x (length nx). Without `dFdx`, (∂F/∂xᵀ)ᵀ u = (∂²g/∂x∂yᵀ) u is then
   * one directional difference of it in y along u (2 evaluations) instead of 2·nx evaluations of F.
   */
  gradX?: (x: Float64Array, y: Float64Array) => VectorLike;
  /** The structure asked for (`options.structure`), or the wrapper's default when `'auto'` finds no tag. */
  fallback: Structure;
  /** Set for argmin problems: F is a gradient, so the inertia of ∂F/∂y (when known) says whether y is a minimum. */
  minimization?: boolean;
  options: ImplicitOptions;
}

/** Everything one call knows at (x, y*(x)). */
class Point {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly nx: number;
  readonly ny: number;
  readonly residual: number;
  readonly aux: unknown;
  readonly hasAux: boolean;
  /** Evaluations spent on differences in y (for ∂F/∂y) and in x (for ∂F/∂x, or of gradX). */
  #fdY = 0;
  #fdX = 0;
  /** Of those, the evaluations the default residual check spent on ‖∂F/∂x·x‖ (not the derivative's). */
  #fdScale = 0;
  #fdGradX = 0;
  #solver: PreparedSolve | undefined;
  #dFdySource: DerivativeSource = 'exact';
  #B: Matrix | LinearOperator | undefined | null = null;
  readonly #p: Problem;

  constructor(p: Problem, xIn: VectorLike) {
    this.#p = p;
    this.x = Float64Array.from(finiteVector(xIn, 'x'));
    this.nx = this.x.length;
    const solution = readSolution(p.solve(Float64Array.from(this.x)), `${p.names.solve}(x)`);
    this.y = solution.y;
    this.hasAux = 'aux' in solution;
    this.aux = solution.aux;
    this.ny = this.y.length;
    const F = checkProduct(p.F(Float64Array.from(this.x), Float64Array.from(this.y)), this.ny, `${p.names.F}(x, y)`);
    let s = 0;
    for (let i = 0; i < F.length; i++) s += F[i] * F[i];
    this.residual = Math.sqrt(s);
    const tol = p.options.residualTolerance;
    if (tol !== undefined) this.#checkResidual(tol, `residualTolerance = ${tol}`);
  }

  /**
   * The default residual check (no `residualTolerance` given): ‖F(x, y)‖₂ against
   * {@link RESIDUAL_RELATIVE_TOLERANCE} times ‖∂F/∂y·y‖₂ + ‖∂F/∂x·x‖₂, with A = ∂F/∂y as prepared.
   */
  #checkDefaultResidual(A: Matrix | LinearOperator): void {
    if (this.#p.options.residualTolerance !== undefined || this.residual === 0) return;
    const before = this.fdEvaluations;
    const scale = norm2(apply(A, this.y)) + norm2(this.crossProduct(this.x));
    this.#fdScale = this.fdEvaluations - before;
    const tol = RESIDUAL_RELATIVE_TOLERANCE * scale;
    this.#checkResidual(
      tol,
      `the default tolerance ε^(1/3)·(‖∂F/∂y·y‖₂ + ‖∂F/∂x·x‖₂) = ${tol.toExponential(3)} (set residualTolerance to choose another, Infinity to turn the check off)`,
    );
  }

  /** @throws {ResidualError} when ‖F(x, y)‖₂ exceeds `tol`, described as `what`. */
  #checkResidual(tol: number, what: string): void {
    if (this.residual <= tol) return;
    const p = this.#p;
    throw new ResidualError(
      `‖${p.names.F}(x, y)‖₂ = ${this.residual.toExponential(3)} at the y returned by ${p.names.solve}(x) exceeds ${what}: y is not a root to that accuracy, so its derivatives would be those of another problem; solve more accurately or raise residualTolerance`,
      this.residual,
      tol,
    );
  }

  // Every call of a user's function gets fresh copies of x and y: one that writes into its
  // arguments (computing F in place is a common habit) cannot change this point or a result.

  /** F(x, ·) at fixed x, counted. */
  readonly Fy = (yy: Float64Array): Float64Array => {
    this.#fdY++;
    return checkProduct(this.#p.F(this.x.slice(), yy.slice()), this.ny, `${this.#p.names.F}(x, y)`);
  };

  /** F(·, y) at fixed y, counted. */
  readonly Fx = (xx: Float64Array): Float64Array => {
    this.#fdX++;
    return checkProduct(this.#p.F(xx.slice(), this.y.slice()), this.ny, `${this.#p.names.F}(x, y)`);
  };

  /** gradX(x, ·) at fixed x, counted. */
  readonly gradXy = (yy: Float64Array): Float64Array => {
    this.#fdGradX++;
    return checkProduct(this.#p.gradX!(this.x.slice(), yy.slice()), this.nx, 'gradX(x, y)');
  };

  /** Evaluations of F (and gradX) spent on finite differences so far. */
  get fdEvaluations(): number {
    return this.#fdY + this.#fdX + this.#fdGradX;
  }

  /** The solver of ∂F/∂y, prepared once per call. */
  solver(needsTranspose: boolean): PreparedSolve {
    if (this.#solver !== undefined) return this.#solver;
    const p = this.#p;
    const { options } = p;
    let solveOptions: ImplicitOptions = options;
    if (options.preconditionerAt !== undefined) {
      if (typeof options.preconditionerAt !== 'function') {
        throw new ArgumentError(
          `preconditionerAt must be a function (x, y) ↦ preconditioner, got ${typeof options.preconditionerAt}`,
        );
      }
      if (options.preconditioner !== undefined) {
        throw new ArgumentError('give preconditioner or preconditionerAt, not both');
      }
      const preconditioner = options.preconditionerAt(Float64Array.from(this.x), Float64Array.from(this.y));
      solveOptions = { ...options, preconditioner };
    }
    let A: Matrix | LinearOperator;
    let structure: Structure;
    if (p.dFdy !== undefined) {
      A = p.dFdy(this.x.slice(), this.y.slice(), this.ny);
      structure = pickStructure(options.structure, A, p.fallback);
    } else {
      structure = pickStructure(options.structure, undefined, p.fallback);
      this.#dFdySource = 'finite-difference';
      const method = options.method ?? 'auto';
      const symmetric = structure !== 'general';
      if (method === 'krylov' || (method === 'auto' && this.ny > FD_DENSE_LIMIT)) {
        if (needsTranspose && !symmetric) {
          throw new ArgumentError(
            `this product needs (∂F/∂y)ᵀ, which matrix-free finite differences of ${p.names.F} cannot give (they give ∂F/∂y·v only): provide ${p.names.dFdy} with rmatvec, declare structure 'symmetric' or 'spd' if it is, or use method: 'dense'`,
          );
        }
        const tags = structureTags(structure);
        const y = this.y;
        const ny = this.ny;
        A = { rows: ny, cols: ny, tags, matvec: (v) => fdDirectional(this.Fy, y, v, ny) };
        // Directional differences are linear in v only to ~ε^{2/3}: a tighter Krylov tolerance is unattainable.
        solveOptions = { ...solveOptions, tol: options.tol ?? FD_KRYLOV_TOL };
      } else {
        const J = fdJacobian(this.Fy, this.y, this.ny);
        if (symmetric) symmetrize(J);
        A = J;
      }
    }
    this.#checkDefaultResidual(A);
    this.#solver = prepared(A, structure, solveOptions, p.names.dFdy);
    return this.#solver;
  }

  #cross(): Matrix | LinearOperator | undefined {
    if (this.#B === null) this.#B = this.#p.dFdx?.(this.x.slice(), this.y.slice(), this.ny, this.nx);
    return this.#B;
  }

  /** ∂F/∂x · dx. */
  crossProduct(dx: Float64Array): Float64Array {
    const B = this.#cross();
    return B === undefined ? fdDirectional(this.Fx, this.x, dx, this.ny) : apply(B, dx);
  }

  /**
   * (∂F/∂x)ᵀ u. Without ∂F/∂x: for an argmin with gradX, (∂²g/∂y∂xᵀ)ᵀ u = (∂(∂g/∂x)/∂yᵀ) u by the
   * symmetry of mixed partials, one directional difference of gradX; else 2·nx evaluations of F.
   */
  crossTransposeProduct(u: Float64Array): Float64Array {
    const B = this.#cross();
    if (B !== undefined) return applyTransposed(B, u, this.#p.names.dFdx);
    if (this.#p.gradX !== undefined) return fdDirectional(this.gradXy, this.y, u, this.nx);
    return fdTransposeProduct(this.Fx, this.x, u);
  }

  /** ∂F/∂x as a dense ny × nx matrix. */
  crossMatrix(): Matrix {
    const B = this.#cross();
    if (B === undefined) return fdJacobian(this.Fx, this.x, this.ny);
    return B instanceof Matrix ? B : materialize(B, this.#p.names.dFdx);
  }

  report(): Report {
    const sources = {
      dFdy: this.#dFdySource,
      dFdx: this.#p.dFdx === undefined ? 'finite-difference' : 'exact',
    } as const;
    const derivatives = sources.dFdy === 'exact' && sources.dFdx === 'exact' ? 'exact' : 'finite-difference';
    const solve = this.#solver!.report;
    // A stationary point of g is a strict local minimum iff its Hessian is positive definite.
    const minimum =
      this.#p.minimization && solve.inertia !== undefined
        ? { minimum: solve.inertia.negative === 0 && solve.inertia.zero === 0 }
        : {};
    const report: Report = {
      ...solve,
      ...minimum,
      derivatives,
      sources: { ...sources },
      residual: this.residual,
      fdEvaluations: this.fdEvaluations,
      warnings: [...solve.warnings],
    };
    const warning = this.#fdWarning();
    if (warning !== undefined) report.warnings.push(warning);
    return report;
  }

  /** Says so when differences cost more than 2·(ny + nx) evaluations, naming the fields that avoid them. */
  #fdWarning(): string | undefined {
    const limit = 2 * (this.ny + this.nx);
    const total = this.fdEvaluations;
    if (total - this.#fdScale <= limit) return undefined;
    const { names } = this.#p;
    const argmin = this.#p.minimization === true;
    const shares: [number, string][] = [
      [this.#fdY, names.dFdy],
      [this.#fdX, argmin ? `${names.dFdx} (or gradX, for vjp and valueAndGrad)` : names.dFdx],
      [this.#fdGradX, names.dFdx],
    ];
    const fields = shares
      .filter(([n]) => n > 0)
      .sort((a, b) => b[0] - a[0])
      .map(([n, field]) => `${field} (${n})`);
    return `this call evaluated ${names.F} ${total} times for finite differences, more than 2·(ny + nx) = ${limit}; giving ${fields.join(', ')} would avoid them`;
  }

  dispose(): void {
    this.#solver?.dispose();
  }
}

/** A ← (A + Aᵀ)/2: a finite-difference Jacobian of a symmetric map is symmetric up to rounding. */
function symmetrize(A: Matrix): void {
  const n = A.rows;
  const a = A.data;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = 0.5 * (a[i * n + j] + a[j * n + i]);
      a[i * n + j] = m;
      a[j * n + i] = m;
    }
  }
}

function negate(v: Float64Array): Float64Array {
  for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

/** `result` with the aux that the user's solver returned, when it returned one. */
function withAux<T extends object>(point: Point, result: T): T & { aux?: unknown } {
  return point.hasAux ? { ...result, aux: point.aux } : result;
}

function vjpAt(point: Point, w: Float64Array): Float64Array {
  const u = point.solver(true).solveTransposed(w);
  return negate(point.crossTransposeProduct(u));
}

/** The differentiable function of a root problem: JAXopt's root_jvp / root_vjp with reports. */
export function implicitFunction(p: Problem): ImplicitFunction {
  const at = <T>(x: VectorLike, body: (point: Point) => T): T => {
    const point = new Point(p, x);
    try {
      return body(point);
    } finally {
      point.dispose();
    }
  };
  return {
    solve(x: VectorLike): Float64Array {
      const xv = finiteVector(x, 'x');
      return readSolution(p.solve(Float64Array.from(xv)), `${p.names.solve}(x)`).y;
    },

    jacobian(x: VectorLike): JacobianResult {
      return at(x, (point) => {
        const solver = point.solver(false);
        const J = solver.solve(point.crossMatrix());
        negate(J.data);
        return withAux(point, { y: point.y, jacobian: J, report: point.report() });
      });
    },

    jvp(x: VectorLike, dx: VectorLike): JvpResult {
      const xv = finiteVector(x, 'x');
      const dxv = finiteVector(dx, 'dx', xv.length);
      return at(xv, (point) => {
        const solver = point.solver(false);
        const tangent = negate(solver.solve(point.crossProduct(dxv)));
        return withAux(point, { y: point.y, tangent, report: point.report() });
      });
    },

    vjp(x: VectorLike, w: VectorLike): VjpResult {
      return at(x, (point) => {
        const wv = finiteVector(w, 'w', point.ny);
        return withAux(point, { y: point.y, cotangent: vjpAt(point, wv), report: point.report() });
      });
    },

    valueAndGrad(x: VectorLike, loss: Loss): ValueAndGradResult {
      checkLoss(loss);
      return at(x, (point) => {
        const { value, gradient } = evaluateLoss(loss, point.y);
        return withAux(point, { value, grad: vjpAt(point, gradient), y: point.y, report: point.report() });
      });
    },
  };
}
