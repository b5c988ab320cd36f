import { checkOptions, flagOption } from '../check/options.js';
import { ArgumentError } from '../errors.js';
import {
  isLinearOperator,
  isPositiveDefinite,
  isSymmetric,
  type OperatorTag,
  type Preconditioner,
} from '../operators/linear-operator.js';

/**
 * What is known of the system matrix: `'spd'` symmetric positive definite (Cholesky, CG),
 * `'symmetric'` (LDLᵀ with Bunch–Kaufman pivoting, MINRES), `'general'` (LU, GMRES or BiCGStab).
 */
export type Structure = 'spd' | 'symmetric' | 'general';

/** The Krylov methods that can serve a matrix-free solve. */
export type KrylovMethod = 'cg' | 'minres' | 'gmres' | 'bicgstab';

/** How the linear systems with a matrix A (in the implicit layer, ∂F/∂y) are solved. */
export interface LinearSolveOptions {
  /**
   * `'dense'`: factor a dense matrix (an operator is first materialized, n products).
   * `'krylov'`: matrix-free iteration (a dense matrix is wrapped as an operator).
   * `'auto'` (default): dense for a `Matrix`, Krylov for a `LinearOperator`.
   */
  method?: 'dense' | 'krylov' | 'auto';
  /** The Krylov method; default CG for `'spd'`, MINRES for `'symmetric'`, GMRES for `'general'`. */
  krylov?: KrylovMethod;
  /** Krylov relative tolerance on ‖b − A x‖₂/‖b‖₂ (default 1e-10). */
  tol?: number;
  /** Krylov absolute tolerance on ‖b − A x‖₂ (default 0). */
  atol?: number;
  /** Krylov iteration cap per right-hand side (default max(50, 10 n)). */
  maxIter?: number;
  /** GMRES restart length (default 30). */
  restart?: number;
  /** Krylov preconditioner P ≈ A⁻¹ (symmetric positive definite for CG and MINRES). */
  preconditioner?: Preconditioner;
  /**
   * When true, a Krylov solve that misses its tolerance returns its iterate with
   * `report.converged: false` instead of throwing `ConvergenceError`.
   */
  allowUnconverged?: boolean;
  /**
   * Dense `'spd'` and `'symmetric'`. Cholesky and LDLᵀ read the lower triangle alone, so a matrix that
   * is not symmetric must be caught: by default (undefined) its O(n²) symmetry check (to 1e-10
   * relative) runs only when the factorization fails or the backward error of a solve against the
   * full matrix exceeds 1e-9 — cost-free when all is well, a `NotSymmetricError` otherwise.
   * `true` checks before factoring; `false` never checks (the lower triangle is used as is).
   */
  checkSymmetry?: boolean;
  /**
   * Dense vector solves: refine the solution by fixed-precision iterative refinement when its
   * backward error exceeds 1e-14 (default true; the report counts the steps taken).
   */
  refine?: boolean;
  /**
   * Dense solves: what to do when A is singular — its factorization fails or its reciprocal
   * condition estimate is below n·ε. `'throw'` (default), `'lstsq'` (minimum-norm solution, rank
   * reported) or `{ ridge: λ }` (solve with A + λI, λ reported). See {@link SingularPolicy}.
   */
  onSingular?: SingularPolicy;
}

/**
 * What to do when a dense A is singular (its factorization fails, or its reciprocal condition
 * estimate is below n·ε, where the solution would have no correct digits):
 * - `'throw'` (default): `SingularMatrixError` or `NotPositiveDefiniteError`.
 * - `'lstsq'`: the minimum-norm least-squares solution (complete orthogonal decomposition); a
 *   derivative is then the pseudo-inverse one, −(∂F/∂y)⁺ ∂F/∂x, and the report gives the rank.
 * - `{ ridge: λ }`: solve with A + λI instead (Tikhonov / Levenberg–Marquardt damping), λ > 0;
 *   the report gives the damping. A derivative is then that of the damped system, biased by O(λ).
 */
export type SingularPolicy = 'throw' | 'lstsq' | { ridge: number };

/**
 * Checks a policy given by a user.
 * @throws {ArgumentError} naming the bad value.
 */
export function checkPolicy(policy: unknown): SingularPolicy {
  if (policy === undefined || policy === 'throw' || policy === 'lstsq') return policy ?? 'throw';
  if (typeof policy === 'object' && policy !== null && 'ridge' in policy) {
    const lambda = (policy as { ridge: unknown }).ridge;
    if (typeof lambda === 'number' && lambda > 0 && Number.isFinite(lambda)) return { ridge: lambda };
    throw new ArgumentError(`onSingular.ridge must be a finite number > 0, got ${shown(lambda)}`);
  }
  throw new ArgumentError(`onSingular must be 'throw', 'lstsq' or { ridge: λ }, got ${shown(policy)}`);
}

const STRUCTURES: readonly string[] = ['spd', 'symmetric', 'general'];
const METHODS: readonly string[] = ['dense', 'krylov', 'auto'];
const KRYLOV_METHODS: readonly string[] = ['cg', 'minres', 'gmres', 'bicgstab'];

/** A readable rendering of a bad option value for a message. */
export function shown(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return 'an object';
    }
  }
  return String(value);
}

/** The keys of {@link LinearSolveOptions}. */
export const LINEAR_SOLVE_KEYS: readonly (keyof LinearSolveOptions)[] = [
  'method',
  'krylov',
  'tol',
  'atol',
  'maxIter',
  'restart',
  'preconditioner',
  'allowUnconverged',
  'checkSymmetry',
  'refine',
  'onSingular',
];

/**
 * `options` itself after the shared check (check/options.ts): undefined or a plain object whose
 * keys are the linear-solve options and `extraKeys`, its flags booleans. `plain: false` accepts any
 * object (a problem specification).
 * @throws {ArgumentError} otherwise, naming `name` and the unknown key.
 */
export function checkOptionsObject<T extends object>(
  options: T | undefined,
  name: string,
  extraKeys: readonly string[],
  plain = true,
): T {
  const o = checkOptions(options, name, extraKeys, { plain, moreKeys: LINEAR_SOLVE_KEYS }) as LinearSolveOptions;
  flagOption(o.allowUnconverged, `${name}: allowUnconverged`, false);
  flagOption(o.checkSymmetry, `${name}: checkSymmetry`, false);
  flagOption(o.refine, `${name}: refine`, true);
  return o as T;
}

/**
 * `options.method`, checked.
 * @throws {ArgumentError} on an unknown method.
 */
export function solveMethod(options: LinearSolveOptions): 'dense' | 'krylov' | 'auto' {
  const method = options.method ?? 'auto';
  if (!METHODS.includes(method)) {
    throw new ArgumentError(`method must be 'dense', 'krylov' or 'auto', got ${shown(method)}`);
  }
  return method;
}

/**
 * The Krylov method asked for, or the default for the structure.
 * @throws {ArgumentError} on an unknown one.
 */
export function krylovMethod(options: LinearSolveOptions, structure: Structure): KrylovMethod {
  const chosen = options.krylov ?? (structure === 'spd' ? 'cg' : structure === 'symmetric' ? 'minres' : 'gmres');
  if (!KRYLOV_METHODS.includes(chosen)) {
    throw new ArgumentError(`krylov must be 'cg', 'minres', 'gmres' or 'bicgstab', got ${shown(chosen)}`);
  }
  return chosen;
}

/**
 * The structure asked for, or read from the tags of an operator, or `fallback` (`'auto'` and
 * undefined alike).
 * @throws {ArgumentError} on an unknown structure.
 */
export function pickStructure(asked: unknown, A: unknown, fallback: Structure): Structure {
  if (asked !== undefined && asked !== 'auto') {
    if (typeof asked !== 'string' || !STRUCTURES.includes(asked)) {
      throw new ArgumentError(`structure must be 'spd', 'symmetric', 'general' or 'auto', got ${shown(asked)}`);
    }
    return asked as Structure;
  }
  if (isLinearOperator(A)) {
    if (isPositiveDefinite(A)) return 'spd';
    if (isSymmetric(A)) return 'symmetric';
  }
  return fallback;
}

/** The operator tags that say `structure`. */
export function structureTags(structure: Structure): OperatorTag[] {
  return structure === 'spd' ? ['positive-definite'] : structure === 'symmetric' ? ['symmetric'] : [];
}
