import { gridSearchRidge, ordinaryLeastSquares, penaltyScale } from './baseline.js';
import type { Dataset } from './dataset.js';
import { CliError } from './errors.js';
import { buildFeatures } from './features.js';
import { checkHypergradient } from './gradcheck.js';
import { lbfgs, type StopReason } from './optimize.js';
import {
  meanLoss,
  meanLossAndHypergradient,
  penalties,
  type RidgeProblem,
  ridgeProblem,
  rmse,
  solveRidge,
  subset,
} from './ridge.js';
import { splitRows } from './split.js';

export interface JobOptions {
  readonly seed: number;
  readonly groups: boolean;
  readonly interactions: boolean;
  /** 0: tune on the validation set; K ≥ 2: K-fold cross-validation over training + validation rows. */
  readonly folds: number;
  readonly maxIter: number;
  /** Called after every outer iteration with its index, the iteration limit and the validation (or CV) loss. */
  readonly onIteration?: (iteration: number, maxIter: number, validationLoss: number) => void;
}

/** A model's scores: half the mean squared error on validation (or across folds), root mean squared error on test. */
export interface Scores {
  readonly validationLoss: number;
  readonly testRmse: number;
}

/** Everything the report and the plot need. */
export interface JobResult {
  readonly dataset: string;
  readonly target: string;
  readonly rows: number;
  readonly split: { readonly train: number; readonly validation: number; readonly test: number };
  readonly folds: number;
  readonly features: number;
  readonly hyperparameters: number;
  readonly groups: boolean;
  readonly iterations: number;
  readonly stopReason: StopReason;
  readonly seconds: number;
  readonly ols: Scores & { readonly lambda: number };
  readonly baseline: Scores & { readonly lambda: number };
  readonly tuned: Scores;
  readonly hypergradientCheck: { readonly maxRelError: number; readonly checked: number };
  /** Validation loss at the start (the baseline's λ everywhere) and after each iteration. */
  readonly history: readonly number[];
  readonly featureNames: readonly string[];
  /** The tuned penalty of every feature. */
  readonly lambdas: Float64Array;
  readonly droppedColumns: readonly string[];
}

/**
 * The main job: split the rows 60/20/20, build features from the training rows, fit OLS and ridge
 * with one grid-searched global λ, check the hypergradient against finite differences at the
 * start θ₀ = log λ_global, then minimize the validation loss over the log-penalties θ (one per
 * feature, or per group) by projected L-BFGS on the hypergradient, and score the three models on
 * the test rows. With `folds` = K ≥ 2 the validation loss is the K-fold cross-validation loss over
 * the training and validation rows together, and the final models are refitted on all of them.
 * @throws CliError when the data cannot be split or yield no feature.
 */
export function runJob(data: Dataset, options: JobOptions): JobResult {
  const start = performance.now();
  const split = splitRows(data.rows, options.seed);
  const features = buildFeatures(data, split.train, options.interactions);
  const { p, X } = features;
  const K = options.folds;
  let problems: RidgeProblem[];
  let final: ReturnType<typeof ridgeProblem>;
  if (K === 0) {
    final = ridgeProblem(X, p, data.y, split.train, split.validation);
    problems = [final];
  } else {
    const pool = Int32Array.from([...split.train, ...split.validation]);
    if (pool.length < 2 * K) {
      throw new CliError(
        `${K}-fold cross-validation needs at least ${2 * K} training and validation rows, found ${pool.length}`,
      );
    }
    // The pool is already in shuffled order: fold k takes every K-th row from position k.
    problems = Array.from({ length: K }, (_, k) =>
      ridgeProblem(
        X,
        p,
        data.y,
        pool.filter((_, i) => i % K !== k),
        pool.filter((_, i) => i % K === k),
      ),
    );
    final = ridgeProblem(X, p, data.y, pool, split.validation);
  }
  const test = subset(X, p, data.y, split.test, final.means.x, final.means.y);

  const ols = ordinaryLeastSquares(problems, final);
  const baseline = gridSearchRidge(problems, final);

  const groupOf = options.groups ? features.groupOf : Int32Array.from({ length: p }, (_, j) => j);
  const m = options.groups ? features.groupNames.length : p;
  const objective = (theta: Float64Array) => meanLossAndHypergradient(problems, theta, groupOf);
  const theta0 = new Float64Array(m).fill(Math.log(baseline.lambda));
  // The check costs six inner solves (p³/3 flops each) per coordinate: at most ~1e10 flops in all.
  const limit = Math.min(200, Math.max(10, Math.floor(1e10 / (2 * p ** 3 * problems.length))));
  const check = checkHypergradient(objective, (theta) => meanLoss(problems, theta, groupOf), theta0, limit);

  // Penalties stay within 1e-8…1e8 times the Gram matrix's mean diagonal: beyond, a feature is as
  // good as unpenalized or removed, and exp(θ) would leave floating point.
  const scale = Math.log(penaltyScale(final));
  const result = lbfgs(
    (theta) => {
      const { loss, grad } = objective(theta);
      return { value: loss, grad };
    },
    theta0,
    scale - 8 * Math.LN10,
    scale + 8 * Math.LN10,
    {
      maxIter: options.maxIter,
      onIteration: (iteration, _theta, fx) => options.onIteration?.(iteration, options.maxIter, fx.value),
    },
  );
  const lambdas = penalties(result.x, groupOf);
  const w = solveRidge(final, lambdas);
  const seconds = (performance.now() - start) / 1000;
  return {
    dataset: data.name,
    target: data.target,
    rows: data.rows,
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    folds: K,
    features: p,
    hyperparameters: m,
    groups: options.groups,
    iterations: result.iterations,
    stopReason: result.reason,
    seconds,
    ols: { lambda: ols.lambda, validationLoss: ols.validationLoss, testRmse: rmse(test, ols.w) },
    baseline: { lambda: baseline.lambda, validationLoss: baseline.validationLoss, testRmse: rmse(test, baseline.w) },
    tuned: { validationLoss: result.value, testRmse: rmse(test, w) },
    hypergradientCheck: { maxRelError: check.maxRelError, checked: check.checked },
    history: result.history,
    featureNames: features.names,
    lambdas,
    droppedColumns: features.dropped,
  };
}
