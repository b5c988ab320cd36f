import { describe } from '../check/entries.js';
import { checkOptions, flagOption } from '../check/options.js';
import type { DisposableWhereSupported } from '../disposable.js';
import { ArgumentError } from '../errors.js';
import type { KKTReport, QPGradients, QPPerturbation } from './derivatives.js';
import { QPDerivatives } from './derivatives.js';
import { badlyScaled, equilibrate, unscaled } from './equilibrate.js';
import { NotOptimalError } from './errors.js';
import { type InteriorPointOptions, interiorPoint, type QPStatus } from './interior-point.js';
import { optimalityMeasures } from './measures.js';
import { constraintOf, type QPConstraint, type QPData, type QPProblem, qpData } from './problem.js';
import { normInf } from './vectors.js';

/** Options of {@link solveQP}. */
export interface QPOptions {
  /** Relative duality gap and relative primal and dual residuals to reach; default 1e-10. */
  tolerance?: number;
  /** Tolerance of the infeasibility and unboundedness certificates; default 1e-8. */
  infeasibilityTolerance?: number;
  /** Interior-point iterations at most; default 100. */
  maxIterations?: number;
  /**
   * Polish an optimal solution (default true): solve the KKT system of the active set exactly with
   * the factorization the derivatives then reuse, and keep the result when it is the solution.
   */
  polish?: boolean;
  /**
   * Ruiz-equilibrate the data before the interior-point iterations, as OSQP and Clarabel do: rows
   * and columns of the KKT matrix scaled towards unit norm, the solution mapped back; polishing, the
   * report's residuals and the derivatives are on the original data. `'auto'` (default): when the
   * norms of the rows and columns of [Q; A; G] span more than 10⁴; `true`: always; `false`: never.
   */
  equilibrate?: boolean | 'auto';
  /**
   * An inequality is weakly active when its multiplier λᵢ and its slack sᵢ are both at most this,
   * each relative to max(1, ‖λ‖∞) and max(1, ‖h‖∞, ‖Gx‖∞), in the equilibrated problem (when
   * `equilibrate`); default 10·√tolerance.
   */
  activeTolerance?: number;
}

/** What {@link solveQP} did and how accurately. */
export interface QPReport {
  /** Relative primal residual max(‖Ax − b‖∞, ‖Gx + s − h‖∞) / max(1, ‖b‖∞, ‖h‖∞, ‖Ax‖∞, ‖Gx‖∞). */
  primalResidual: number;
  /** Relative dual residual ‖Qx + c + Aᵀν + Gᵀλ‖∞ / max(1, ‖c‖∞, ‖Qx‖∞, ‖Aᵀν‖∞, ‖Gᵀλ‖∞). */
  dualResidual: number;
  /** Relative duality gap |p − d| / max(1, min(|p|, |d|)). */
  gap: number;
  /** ½xᵀQx + cᵀx. */
  objective: number;
  /**
   * Whether x, ν, λ are the polished solution: the KKT system of the active set solved exactly
   * (`options.polish`), accepted because its multipliers are nonnegative, the inactive constraints
   * hold, and its residuals are no worse than the interior-point iterate's.
   */
  polished: boolean;
  /**
   * The active inequalities at an optimal solution, as indices into the stacked list: the rows of
   * G (0 … m−1), then `{ upper: i }` / `{ lower: i }` for bounds on xᵢ. Weakly active ones included.
   */
  active: QPConstraint[];
  /** Active constraints whose multiplier and slack are both near zero (see `activeTolerance`). */
  weaklyActive: QPConstraint[];
  /**
   * 'infeasible': a Farkas certificate (ν, λ): λ ≥ 0 (λ of G's rows, then the bounds'),
   * Aᵀν + Gᵀλ ≈ 0 and bᵀν + hᵀλ = −1. 'unbounded': a direction d with cᵀd = −1, Qd ≈ 0, Ad ≈ 0,
   * Gd ≤ 0 (to the tolerance) along which the objective decreases without bound.
   */
  certificate?: { nu: Float64Array; lambda: Float64Array } | { x: Float64Array };
  warnings: string[];
}

/**
 * The result of {@link solveQP}; `P`, the problem's type, says which gradients are sparse.
 */
export interface QPSolution<P extends QPProblem = QPProblem> extends DisposableWhereSupported {
  /** Primal solution (length n); for a non-optimal status, the last iterate. */
  x: Float64Array;
  /** Multipliers of Ax = b (length p). */
  nu: Float64Array;
  /** Multipliers of Gx ≤ h (length m), ≥ 0. */
  lambda: Float64Array;
  /** Multipliers of x ≥ lower (length n; 0 where there is no bound). */
  lambdaLower: Float64Array;
  /** Multipliers of x ≤ upper (length n; 0 where there is no bound). */
  lambdaUpper: Float64Array;
  status: QPStatus;
  iterations: number;
  report: QPReport;
  /**
   * Gradients of a loss L(x*) with respect to every datum from ∂L/∂x: one solve with the KKT
   * matrix at the solution (factored on the first derivative call and kept).
   * @throws {NotOptimalError} when the status is not 'optimal'.
   * @throws {ShapeError} when dLdx does not have length n.
   * @throws {NonFiniteError} on NaN/±Infinity.
   * @throws {SingularMatrixError} when the KKT matrix at the solution is numerically singular.
   */
  vjp(dLdx: Float64Array | ArrayLike<number>): QPGradients<P>;
  /**
   * The directional derivative dx of the solution along a perturbation of the data.
   * @throws {NotOptimalError} when the status is not 'optimal'.
   * @throws {ArgumentError} when the perturbation is not an object.
   * @throws {ShapeError} when a perturbation is not shaped as its datum.
   * @throws {NonFiniteError} on NaN/±Infinity in a perturbation.
   * @throws {SingularMatrixError} when the KKT matrix at the solution is numerically singular.
   */
  jvp(perturbation: QPPerturbation): Float64Array;
  /**
   * The factorization of the KKT matrix at the solution: its inertia, condition, whether the
   * strict second-order sufficient conditions hold, warnings.
   * @throws {NotOptimalError} when the status is not 'optimal'.
   * @throws {SingularMatrixError} when that matrix is numerically singular.
   */
  kkt(): KKTReport;
  /** Frees the KKT factorization now (it is otherwise freed by the garbage collector). */
  dispose(): void;
}

/**
 * Solves the convex quadratic program
 *
 *   min ½xᵀQx + cᵀx   subject to   Ax = b,   Gx ≤ h,   lower ≤ x ≤ upper,
 *
 * Q symmetric positive semidefinite, by a primal–dual interior-point method with Mehrotra's
 * predictor–corrector on the homogeneous self-dual embedding (as Clarabel), its Newton systems on
 * the library's Cholesky / Bunch–Kaufman LDLᵀ with iterative refinement, to a relative duality gap
 * and residuals of `tolerance` (1e-10). Infeasible and unbounded problems end with a certificate
 * (`report.certificate`), not by running out of iterations. An optimal solution is polished (as
 * OSQP): the active set's KKT system solved exactly, kept when it is the solution (`report.polished`).
 *
 * Derivatives (OptNet, Amos & Kolter 2017): `vjp(∂L/∂x)` gives ∂L/∂Q, c, A, b, G, h and the bounds,
 * `jvp(perturbation)` the directional derivative of x, both from one LDLᵀ factorization of the KKT
 * matrix of the active constraints. At a weakly active constraint (λᵢ ≈ 0 and sᵢ ≈ 0, listed in
 * `report.weaklyActive`) x* is not differentiable; such a constraint is kept in the active set as an
 * equality, so the derivative returned is that of the solution restricted to the face where it
 * holds: the one-sided derivative along the perturbations that keep it binding with λᵢ ≥ 0, and not
 * along those that would make λᵢ negative (for those the constraint turns inactive).
 *
 * @param problem - { Q, c, A?, b?, G?, h?, lower?, upper? } (matrices as `Matrix` or arrays of rows).
 * @param options - tolerance, infeasibilityTolerance, maxIterations, activeTolerance, polish, equilibrate.
 * @throws {ArgumentError} on a missing Q or c, data of the wrong type (a Q that is not a matrix, an entry that is not a number), a lone A or b (G or h), inconsistent bounds, or a bad option.
 * @throws {ShapeError} on dimensions that do not match n (the order of Q), or ragged arrays.
 * @throws {NonFiniteError} on NaN or ±Infinity in the data (±Infinity is allowed in the bounds).
 * @throws {NotSymmetricError} when Q is not symmetric to rounding.
 * @throws {NotPositiveDefiniteError} when Q has an eigenvalue clearly below zero (the problem is not convex).
 */
export function solveQP<P extends QPProblem>(problem: P, options: QPOptions = {}): QPSolution<P> {
  const settings = readOptions(options);
  const qp = qpData(problem);
  const scaled = settings.equilibrate === 'auto' ? badlyScaled(qp) : settings.equilibrate;
  const { result, classified } = scaled
    ? equilibratedInteriorPoint(qp, settings)
    : { result: interiorPoint(qp, settings), classified: undefined };
  const { n, m, mG, upperIndex, lowerIndex } = qp;
  const active: number[] = [];
  const weak: number[] = [];
  const warnings: string[] = [];
  let { x, nu, lambda } = result;
  let measures =
    scaled && result.status !== 'infeasible' && result.status !== 'unbounded'
      ? optimalityMeasures(qp, x, nu, lambda)
      : {
          primal: result.primalResidual,
          dual: result.dualResidual,
          gap: result.gap,
          objective: result.primalObjective,
        };
  let polished = false;
  let derivatives: QPDerivatives | undefined;
  if (result.status === 'optimal') {
    // Classified where the rows are comparable: in the equilibrated problem when there is one.
    const { lambda: l0, s: s0, h: h0 } = classified ?? { ...result, h: qp.h };
    const lambdaScale = Math.max(1, normInf(l0));
    const sScale = Math.max(1, normInf(h0), normInf(s0.map((t, i) => h0[i] - t)));
    for (let i = 0; i < m; i++) {
      const l = l0[i] / lambdaScale;
      const s = s0[i] / sScale;
      if (l <= settings.activeTolerance && s <= settings.activeTolerance) {
        weak.push(i);
        active.push(i);
      } else if (l > s) active.push(i);
    }
    if (weak.length > 0) {
      warnings.push(
        `${weak.length} inequalit${weak.length === 1 ? 'y is' : 'ies are'} weakly active (multiplier and slack both ≈ 0): ` +
          'the derivatives are one-sided (those with these constraints binding)',
      );
    }
    derivatives = new QPDerivatives(qp, x, nu, lambda, Int32Array.from(active));
    const candidate = settings.polish ? derivatives.polish(settings.tolerance) : undefined;
    if (candidate !== undefined) {
      const m2 = optimalityMeasures(qp, candidate.x, candidate.nu, candidate.lambda);
      if (
        m2.primal <= Math.max(measures.primal, settings.tolerance) &&
        m2.dual <= Math.max(measures.dual, settings.tolerance)
      ) {
        ({ x, nu, lambda } = candidate);
        measures = m2;
        polished = true;
      }
    }
  } else if (result.status === 'max-iterations') {
    warnings.push(
      `no solution to the tolerance ${settings.tolerance} within ${settings.maxIterations} iterations: ` +
        'x, nu and lambda are the last iterate',
    );
  }
  const lambdaUpper = new Float64Array(n);
  const lambdaLower = new Float64Array(n);
  upperIndex.forEach((j, k) => {
    lambdaUpper[j] = lambda[mG + k];
  });
  lowerIndex.forEach((j, k) => {
    lambdaLower[j] = lambda[mG + upperIndex.length + k];
  });
  const usable = (what: string): QPDerivatives => {
    if (derivatives === undefined) throw new NotOptimalError(what, result.status);
    return derivatives;
  };
  return {
    x,
    nu,
    lambda: lambda.slice(0, mG),
    lambdaLower,
    lambdaUpper,
    status: result.status,
    iterations: result.iterations,
    report: {
      primalResidual: measures.primal,
      dualResidual: measures.dual,
      gap: measures.gap,
      objective: measures.objective,
      polished,
      active: active.map((row) => constraintOf(qp, row)),
      weaklyActive: weak.map((row) => constraintOf(qp, row)),
      certificate: result.certificate,
      warnings,
    },
    vjp: (dLdx) => usable('vjp').vjp(dLdx) as unknown as QPGradients<P>,
    jvp: (perturbation) => usable('jvp').jvp(perturbation),
    kkt: () => usable('kkt').report(),
    dispose: () => derivatives?.dispose(),
    [Symbol.dispose]() {
      derivatives?.dispose();
    },
  };
}

/**
 * The interior-point method on the Ruiz-equilibrated problem: its result in the original variables,
 * and the scaled multipliers, slacks and h, on which the active set is told.
 */
function equilibratedInteriorPoint(qp: QPData, settings: InteriorPointOptions) {
  const { qp: scaled, scaling } = equilibrate(qp);
  const result = interiorPoint(scaled, settings);
  return { result: unscaled(result, scaling, qp), classified: { lambda: result.lambda, s: result.s, h: scaled.h } };
}

const QP_OPTION_KEYS: readonly (keyof QPOptions)[] = [
  'equilibrate',
  'tolerance',
  'infeasibilityTolerance',
  'maxIterations',
  'polish',
  'activeTolerance',
];

function readOptions(options: QPOptions | undefined) {
  checkOptions(options, 'solveQP: options', QP_OPTION_KEYS);
  options ??= {};
  const positive = (value: unknown, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw new ArgumentError(`options.${name} must be a positive finite number, got ${describe(value)}`);
    }
    return value;
  };
  const tolerance = positive(options.tolerance, 'tolerance', 1e-10);
  const maxIterations = options.maxIterations ?? 100;
  if (typeof maxIterations !== 'number' || !Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new ArgumentError(`options.maxIterations must be a positive integer, got ${describe(maxIterations)}`);
  }
  return {
    tolerance,
    infeasibilityTolerance: positive(options.infeasibilityTolerance, 'infeasibilityTolerance', 1e-8),
    maxIterations,
    activeTolerance: positive(options.activeTolerance, 'activeTolerance', 10 * Math.sqrt(tolerance)),
    polish: flagOption(options.polish, 'solveQP: options.polish', true),
    equilibrate: equilibrateOption(options.equilibrate),
  };
}

function equilibrateOption(value: unknown): boolean | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  if (value === true || value === false) return value;
  throw new ArgumentError(`options.equilibrate must be true, false or 'auto', got ${describe(value)}`);
}
