/** An objective's value and gradient at a point. */
export interface ValueAndGradient {
  readonly value: number;
  readonly grad: Float64Array;
}

/** Why the optimizer stopped. */
export type StopReason = 'gradient' | 'decrease' | 'max-iter' | 'line-search';

export interface LbfgsOptions<T extends ValueAndGradient = ValueAndGradient> {
  /** Iteration limit (0 returns the start). Default 100. */
  maxIter?: number;
  /** Stop when the projected gradient ‖P(x − ∇f) − x‖∞ ≤ gradTol·|f| (relative, for a loss of any scale): a unit change of any log-penalty then moves f by less than that fraction. Default 1e-4. */
  gradTol?: number;
  /** Stop when (f_prev − f) / max(|f_prev|, |f|, 1e-300) ≤ relTol. Default 1e-9 (SciPy's factr 1e7 × ε, rounded). */
  relTol?: number;
  /** Pairs (s, y) kept. Default 10. */
  memory?: number;
  /** Called after every iteration with its index (1-based) and the new point's value and gradient. */
  onIteration?: (iteration: number, x: Float64Array, fx: T) => void;
}

export interface LbfgsResult<T extends ValueAndGradient = ValueAndGradient> {
  readonly x: Float64Array;
  readonly value: number;
  readonly grad: Float64Array;
  /** The objective's whole answer at x. */
  readonly fx: T;
  readonly iterations: number;
  /** Objective evaluations, line searches included. */
  readonly evaluations: number;
  readonly reason: StopReason;
  /** f at the start and after each iteration. */
  readonly history: readonly number[];
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: Float64Array): number {
  let s = 0;
  for (const v of a) s = Math.max(s, Math.abs(v));
  return s;
}

/** Projection onto the box [lower, upper]. */
function project(x: Float64Array, lower: number, upper: number): Float64Array {
  return x.map((v) => Math.min(Math.max(v, lower), upper));
}

/** The projected gradient P(x − ∇f) − x, zero exactly at a stationary point of f on the box. */
function projectedGradient(x: Float64Array, g: Float64Array, lower: number, upper: number): Float64Array {
  const pg = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) pg[i] = Math.min(Math.max(x[i] - g[i], lower), upper) - x[i];
  return pg;
}

/**
 * Minimizes a smooth f over the box lower ≤ xᵢ ≤ upper by projected L-BFGS: the variables at a
 * bound whose gradient points out of the box are held fixed; on the others the direction is −H∇f
 * with H the limited-memory BFGS inverse-Hessian approximation from the last `memory` steps
 * (two-loop recursion scaled by sᵀy / yᵀy, Nocedal & Wright, Numerical Optimization (2006),
 * Algorithm 7.4); the step backtracks along the projected path P(x + t·d) until the Armijo
 * condition f(x⁺) ≤ f(x) + c₁ ∇fᵀ(x⁺ − x) holds (c₁ = 1e-4), as in the projected quasi-Newton
 * method of Kim, Sra & Dhillon (2010). A pair (s, y) enters the memory only when sᵀy > 0, which
 * keeps H positive definite.
 *
 * Stops when the projected gradient ‖P(x − ∇f) − x‖∞ ≤ gradTol·|f|, when f decreases by a relative
 * amount ≤ relTol in one iteration, after maxIter iterations, or when the line search fails.
 */
export function lbfgs<T extends ValueAndGradient>(
  f: (x: Float64Array) => T,
  x0: Float64Array,
  lower: number,
  upper: number,
  options: LbfgsOptions<T> = {},
): LbfgsResult<T> {
  const maxIter = options.maxIter ?? 100;
  const gradTol = options.gradTol ?? 1e-4;
  const relTol = options.relTol ?? 1e-9;
  const memory = options.memory ?? 10;
  const c1 = 1e-4;
  let x = project(x0, lower, upper);
  let fx = f(x);
  let evaluations = 1;
  const history = [fx.value];
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let reason: StopReason = 'max-iter';
  let iterations = 0;
  if (normInf(projectedGradient(x, fx.grad, lower, upper)) <= gradTol * Math.abs(fx.value)) reason = 'gradient';
  while (reason === 'max-iter' && iterations < maxIter) {
    const n = x.length;
    const free = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const g = fx.grad[i];
      free[i] = (x[i] <= lower && g > 0) || (x[i] >= upper && g < 0) ? 0 : 1;
    }
    // Two-loop recursion on the free variables: d = −H∇f.
    const q = fx.grad.map((g, i) => (free[i] ? g : 0));
    const alpha = new Array<number>(S.length);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], q);
      for (let i = 0; i < n; i++) if (free[i]) q[i] -= alpha[k] * Y[k][i];
    }
    const last = S.length - 1;
    const gamma = last >= 0 ? dot(S[last], Y[last]) / dot(Y[last], Y[last]) : 1;
    for (let i = 0; i < n; i++) q[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], q);
      for (let i = 0; i < n; i++) if (free[i]) q[i] += (alpha[k] - beta) * S[k][i];
    }
    let d = q.map((v, i) => (free[i] ? -v : 0));
    if (!(dot(d, fx.grad) < 0)) {
      // Not a descent direction (stale curvature pairs): forget them and take steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      d = fx.grad.map((g, i) => (free[i] ? -g : 0));
    }
    // Without curvature information, a first step of length 1 in the largest component.
    let t = S.length === 0 ? Math.min(1, 1 / normInf(d)) : 1;
    let accepted: { x: Float64Array; fx: T } | undefined;
    for (let k = 0; k < 50; k++) {
      const xt = project(
        x.map((v, i) => v + t * d[i]),
        lower,
        upper,
      );
      const ft = f(xt);
      evaluations++;
      let decrease = 0;
      for (let i = 0; i < n; i++) decrease += fx.grad[i] * (xt[i] - x[i]);
      if (Number.isFinite(ft.value) && ft.value <= fx.value + c1 * decrease) {
        accepted = { x: xt, fx: ft };
        break;
      }
      t /= 2;
    }
    if (accepted === undefined) {
      reason = 'line-search';
      break;
    }
    iterations++;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = accepted.x[i] - x[i];
      y[i] = accepted.fx.grad[i] - fx.grad[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-10 * Math.sqrt(dot(s, s) * dot(y, y))) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const previous = fx.value;
    x = accepted.x;
    fx = accepted.fx;
    history.push(fx.value);
    options.onIteration?.(iterations, x, fx);
    if (normInf(projectedGradient(x, fx.grad, lower, upper)) <= gradTol * Math.abs(fx.value)) reason = 'gradient';
    else if ((previous - fx.value) / Math.max(Math.abs(previous), Math.abs(fx.value), 1e-300) <= relTol) {
      reason = 'decrease';
    }
  }
  return { x, value: fx.value, grad: fx.grad, fx, iterations, evaluations, reason, history };
}
