import { cholesky, hypergradient, Matrix, matmul, matvec, NotPositiveDefiniteError, prepare } from 'implicit-diff';

/** Rows of the design matrix and target, centered with the training rows' means. */
export interface Subset {
  /** m × p, centered. */
  readonly X: Matrix;
  /** length m, centered. */
  readonly y: Float64Array;
}

/**
 * A ridge problem: the inner objective g(w, θ) = ½‖Xw − y‖² + ½ Σⱼ λⱼ wⱼ² over the training rows,
 * held as its Gram matrix and moment vector, and the set the outer loss is measured on. Centering every column and the target with the training means is what leaves the intercept
 * unpenalized: with centered data the penalized least-squares problem with a free intercept b has
 * b = ȳ − x̄ᵀw, and w solves the problem below without intercept.
 */
export interface RidgeProblem {
  readonly p: number;
  /** G = XᵀX over the centered training rows (p × p). */
  readonly gram: Matrix;
  /** c = Xᵀy over the centered training rows. */
  readonly xty: Float64Array;
  /** The set the outer loss is measured on. */
  readonly validation: Subset;
}

/** Gathers the given rows of X (n × p, row-major) and y, centered with the given means. */
export function subset(
  X: Float64Array,
  p: number,
  y: Float64Array,
  rows: Int32Array,
  means: Float64Array,
  yMean: number,
): Subset {
  const m = rows.length;
  const data = new Float64Array(m * p);
  const target = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    const i = rows[r];
    for (let j = 0; j < p; j++) data[r * p + j] = X[i * p + j] - means[j];
    target[r] = y[i] - yMean;
  }
  return { X: new Matrix(m, p, data), y: target };
}

/** Column means of X (n × p, row-major) and the mean of y, over the given rows. */
export function means(X: Float64Array, p: number, y: Float64Array, rows: Int32Array): { x: Float64Array; y: number } {
  const x = new Float64Array(p);
  let yMean = 0;
  for (const i of rows) {
    for (let j = 0; j < p; j++) x[j] += X[i * p + j];
    yMean += y[i];
  }
  for (let j = 0; j < p; j++) x[j] /= rows.length;
  return { x, y: yMean / rows.length };
}

/**
 * The ridge problem trained on `train` and scored on `validation`, both centered with the
 * training means.
 */
export function ridgeProblem(
  X: Float64Array,
  p: number,
  y: Float64Array,
  train: Int32Array,
  validation: Int32Array,
): RidgeProblem & { train: Subset; means: { x: Float64Array; y: number } } {
  const m = means(X, p, y, train);
  const tr = subset(X, p, y, train, m.x, m.y);
  const gram = matmul(tr.X.transpose(), tr.X);
  const xty = matvec(tr.X, tr.y, true);
  return { p, gram, xty, validation: subset(X, p, y, validation, m.x, m.y), train: tr, means: m };
}

/** λⱼ = exp(θ_{group(j)}): the per-feature penalties of log-penalties θ, one per group. */
export function penalties(theta: Float64Array, groupOf: Int32Array): Float64Array {
  return Float64Array.from(groupOf, (k) => Math.exp(theta[k]));
}

/**
 * The ridge solution w = argmin ½‖Xw − y‖² + ½ Σⱼ λⱼ wⱼ², i.e. (G + diag λ) w = Xᵀy,
 * solved by Cholesky.
 * @throws NotPositiveDefiniteError when G + diag λ is not positive definite (λ = 0 with rank-deficient X).
 */
export function solveRidge(problem: RidgeProblem, lambda: Float64Array): Float64Array {
  using factor = cholesky(withDiagonal(problem.gram, lambda));
  return factor.solve(problem.xty);
}

/** H = G + diag λ, the Hessian ∂²g/∂w∂wᵀ of the inner objective. */
export function withDiagonal(gram: Matrix, lambda: Float64Array): Matrix {
  const p = gram.rows;
  const H = new Matrix(p, p, gram.data.slice());
  for (let j = 0; j < p; j++) H.data[j * p + j] += lambda[j];
  return H;
}

/** Residual r = Xw − y of a subset. */
export function residual(set: Subset, w: Float64Array): Float64Array {
  const r = matvec(set.X, w);
  for (let i = 0; i < r.length; i++) r[i] -= set.y[i];
  return r;
}

/** The outer loss L(w) = ‖Xw − y‖² / (2m) on a subset (half the mean squared error). */
export function halfMse(set: Subset, w: Float64Array): number {
  const r = residual(set, w);
  let s = 0;
  for (const v of r) s += v * v;
  return s / (2 * r.length);
}

/** Root mean squared error √(‖Xw − y‖² / m) of a subset. */
export function rmse(set: Subset, w: Float64Array): number {
  return Math.sqrt(2 * halfMse(set, w));
}

/** The value of the outer loss at θ, with its hypergradient and the inner solution. */
export interface LossAndGradient {
  readonly loss: number;
  readonly grad: Float64Array;
  readonly w: Float64Array;
}

/**
 * The cross Hessian ∂²g/∂w∂θᵀ (p × m) of the inner objective g = ½‖Xw − y‖² + ½ Σⱼ λⱼ wⱼ² with
 * λⱼ = exp(θ_{group(j)}): ∂(∂g/∂wⱼ)/∂θₖ = ∂(λⱼ wⱼ)/∂θₖ = λⱼ wⱼ when feature j is in group k, else 0.
 */
export function crossHessian(lambda: Float64Array, w: Float64Array, groupOf: Int32Array, m: number): Matrix {
  const C = new Matrix(w.length, m);
  for (let j = 0; j < w.length; j++) C.data[j * m + groupOf[j]] = lambda[j] * w[j];
  return C;
}

/**
 * The validation loss L(w*(θ)) = ‖X_v w* − y_v‖² / (2m) and its hypergradient with respect to the
 * log-penalties θ (one per group), by implicit differentiation of the inner optimality condition
 * ∂g/∂w = (G + diag λ) w − Xᵀy = 0, through the library's {@link hypergradient}:
 *
 *   dL/dθ = −(∂²g/∂w∂θᵀ)ᵀ (∂²g/∂w∂wᵀ)⁻¹ ∂L/∂w,
 *
 * with the Hessian ∂²g/∂w∂wᵀ = H = G + diag λ (symmetric positive definite for λ > 0: Cholesky,
 * factored once by the library's `prepare` for both w = H⁻¹Xᵀy and the hypergradient's H⁻¹∂L/∂w),
 * ∂L/∂w = X_vᵀ(X_v w − y_v)/m, and the cross Hessian of {@link crossHessian}.
 * @throws NotPositiveDefiniteError when H is not positive definite.
 */
export function lossAndHypergradient(problem: RidgeProblem, theta: Float64Array, groupOf: Int32Array): LossAndGradient {
  const lambda = penalties(theta, groupOf);
  // One Cholesky factor of H serves both the inner solution and the hypergradient's transposed solve.
  using factor = prepare(withDiagonal(problem.gram, lambda), { structure: 'spd' });
  const w = factor.solve(problem.xty);
  const set = problem.validation;
  const r = residual(set, w);
  let s = 0;
  for (const v of r) s += v * v;
  const m = r.length;
  const gradLoss = matvec(set.X, r, true);
  for (let j = 0; j < gradLoss.length; j++) gradLoss[j] /= m;
  const grad = hypergradient(factor, crossHessian(lambda, w, groupOf, theta.length), gradLoss);
  return { loss: s / (2 * m), grad, w };
}

/** The mean validation loss of the problems at θ, each from a fresh solve of its inner problem (no derivative). */
export function meanLoss(problems: readonly RidgeProblem[], theta: Float64Array, groupOf: Int32Array): number {
  const lambda = penalties(theta, groupOf);
  let loss = 0;
  for (const problem of problems) loss += halfMse(problem.validation, solveRidge(problem, lambda)) / problems.length;
  return loss;
}

/** True when an error is the library's report of a matrix that is not positive definite. */
export function isNotPositiveDefinite(error: unknown): error is NotPositiveDefiniteError {
  return error instanceof NotPositiveDefiniteError;
}

/**
 * The mean of the losses and hypergradients of several problems sharing θ — a K-fold
 * cross-validation objective (1/K) Σₖ Lₖ(w*ₖ(θ)): the hypergradient of a sum is the sum of the
 * per-fold hypergradients, one Cholesky factor per fold.
 */
export function meanLossAndHypergradient(
  problems: readonly RidgeProblem[],
  theta: Float64Array,
  groupOf: Int32Array,
): { loss: number; grad: Float64Array } {
  let loss = 0;
  const grad = new Float64Array(theta.length);
  for (const problem of problems) {
    const fold = lossAndHypergradient(problem, theta, groupOf);
    loss += fold.loss / problems.length;
    for (let k = 0; k < grad.length; k++) grad[k] += fold.grad[k] / problems.length;
  }
  return { loss, grad };
}
