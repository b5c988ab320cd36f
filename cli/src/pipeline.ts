import { gridSearchRidge, ordinaryLeastSquares, penaltyScale } from './baseline.js';
import type { Dataset } from './dataset.js';
import { CliError } from './errors.js';
import { buildFeatures, type Imputation } from './features.js';
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
import { shrinkToward } from './shrink.js';
import { splitRows } from './split.js';

export interface JobOptions {
  readonly seed: number;
  readonly groups: boolean;
  readonly interactions: boolean;
  /** 0: tune on the validation set; K ≥ 2: K-fold cross-validation over training + validation rows. */
  readonly folds: number;
  /** ρ ≥ 0: the pull of the log-penalties toward the single grid-searched one (0: none; see shrink.ts). */
  readonly shrink: number;
  readonly maxIter: number;
  /** Check the hypergradient against finite differences at the start (default true). */
  readonly checkGradient?: boolean;
  /** Called after every outer iteration with its index, the iteration limit and the validation (or CV) loss. */
  readonly onIteration?: (iteration: number, maxIter: number, validationLoss: number) => void;
}

/** A model's scores: half the mean squared error on validation (or across folds), root mean squared error on test. */
export interface Scores {
  readonly validationLoss: number;
  readonly testRmse: number;
}

/** The model after one L-BFGS iteration (0: the start, the single λ everywhere). */
export interface TracePoint {
  readonly iteration: number;
  /** √(2·loss): the RMSE on the validation set, or the root mean of the folds' mean squared errors. */
  readonly validationRmse: number;
  /** RMSE on the test rows of the model refitted with this iterate's penalties (shown, never used to tune). */
  readonly testRmse: number;
}

/** What a grid search over the same hyperparameters would have cost. */
export interface GridSearchCost {
  /** Values tried per hyperparameter. */
  readonly valuesEach: number;
  /** valuesEach^hyperparameters evaluations of the objective (Infinity beyond 1.8e308; see log10Evaluations). */
  readonly evaluations: number;
  /** log₁₀ of evaluations = hyperparameters · log₁₀ valuesEach, finite however many hyperparameters. */
  readonly log10Evaluations: number;
  /** evaluations × the seconds per evaluation measured in this run's tuning (Infinity as evaluations). */
  readonly seconds: number;
  /** log₁₀ of seconds. */
  readonly log10Seconds: number;
}

/** Values per hyperparameter of the grid search the report compares with. */
export const GRID_VALUES_EACH = 10;

/** A grid of GRID_VALUES_EACH values for each of m hyperparameters, at `perEvaluation` seconds per evaluation. */
export function gridSearchCost(m: number, perEvaluation: number): GridSearchCost {
  const log10Evaluations = m * Math.log10(GRID_VALUES_EACH);
  const evaluations = GRID_VALUES_EACH ** m;
  return {
    valuesEach: GRID_VALUES_EACH,
    evaluations,
    log10Evaluations,
    seconds: evaluations * perEvaluation,
    log10Seconds: log10Evaluations + Math.log10(perEvaluation),
  };
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
  readonly shrink: number;
  readonly iterations: number;
  /** Evaluations of the objective and its hypergradient by L-BFGS (line searches included). */
  readonly evaluations: number;
  readonly stopReason: StopReason;
  /** Seconds of the whole job. */
  readonly seconds: number;
  /** Seconds of the L-BFGS tuning alone. */
  readonly tuningSeconds: number;
  readonly gridSearch: GridSearchCost;
  readonly ols: Scores & { readonly lambda: number };
  readonly baseline: Scores & { readonly lambda: number };
  readonly tuned: Scores;
  /** Undefined when the check was not asked for. */
  readonly hypergradientCheck: { readonly maxRelError: number; readonly checked: number } | undefined;
  /** Validation (or CV) loss, without shrinkage, at the start (the baseline's λ everywhere) and after each iteration. */
  readonly history: readonly number[];
  /** Validation and test RMSE at the start and after each iteration. */
  readonly trace: readonly TracePoint[];
  readonly featureNames: readonly string[];
  /** The penalty group of every feature (its original column, or the interactions). */
  readonly featureGroups: readonly string[];
  /** The tuned penalty of every feature. */
  readonly lambdas: Float64Array;
  readonly droppedColumns: readonly string[];
  readonly imputed: readonly Imputation[];
}

/**
 * The main job: split the rows 60/20/20, build features from the training rows, fit OLS and ridge
 * with one grid-searched global λ, check the hypergradient against finite differences at the
 * start θ₀ = log λ_global, then minimize the validation loss over the log-penalties θ (one per
 * feature, or per group), plus the shrinkage toward θ₀ of {@link shrinkToward}, by projected
 * L-BFGS on the hypergradient, and score the three models on the test rows. With `folds` = K ≥ 2
 * the validation loss is the K-fold cross-validation loss over the training and validation rows
 * together, and the final models are refitted on all of them.
 * @throws CliError when the data cannot be split or yield no feature.
 */
export function runJob(data: Dataset, options: JobOptions): JobResult {
  const begin = performance.now();
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
  const loss = (theta: Float64Array) => meanLossAndHypergradient(problems, theta, groupOf);
  const start = Math.log(baseline.lambda);
  const theta0 = new Float64Array(m).fill(start);
  let check: { maxRelError: number; checked: number } | undefined;
  if (options.checkGradient ?? true) {
    // The check costs six inner solves (p³/3 flops each) per coordinate: at most ~1e10 flops in all.
    const limit = Math.min(200, Math.max(10, Math.floor(1e10 / (2 * p ** 3 * problems.length))));
    const { maxRelError, checked } = checkHypergradient(
      loss,
      (theta) => meanLoss(problems, theta, groupOf),
      theta0,
      limit,
    );
    check = { maxRelError, checked };
  }

  // Penalties stay within 1e-8…1e8 times the Gram matrix's mean diagonal: beyond, a feature is as
  // good as unpenalized or removed, and exp(θ) would leave floating point.
  const scale = Math.log(penaltyScale(final));
  const iterates: Float64Array[] = [theta0];
  const history = [baseline.validationLoss];
  const tuning = performance.now();
  const result = lbfgs(
    shrinkToward(loss, start, baseline.validationLoss, options.shrink),
    theta0,
    scale - 8 * Math.LN10,
    scale + 8 * Math.LN10,
    {
      maxIter: options.maxIter,
      onIteration: (iteration, theta, fx) => {
        iterates.push(theta);
        history.push(fx.loss);
        options.onIteration?.(iteration, options.maxIter, fx.loss);
      },
    },
  );
  const tuningSeconds = (performance.now() - tuning) / 1000;
  const trace = iterates.map((theta, iteration) => ({
    iteration,
    validationRmse: Math.sqrt(2 * history[iteration]),
    testRmse: rmse(test, solveRidge(final, penalties(theta, groupOf))),
  }));
  const lambdas = penalties(result.x, groupOf);
  const w = solveRidge(final, lambdas);
  return {
    dataset: data.name,
    target: data.target,
    rows: data.rows,
    split: { train: split.train.length, validation: split.validation.length, test: split.test.length },
    folds: K,
    features: p,
    hyperparameters: m,
    groups: options.groups,
    shrink: options.shrink,
    iterations: result.iterations,
    evaluations: result.evaluations,
    stopReason: result.reason,
    seconds: (performance.now() - begin) / 1000,
    tuningSeconds,
    gridSearch: gridSearchCost(m, tuningSeconds / result.evaluations),
    ols: { lambda: ols.lambda, validationLoss: ols.validationLoss, testRmse: rmse(test, ols.w) },
    baseline: { lambda: baseline.lambda, validationLoss: baseline.validationLoss, testRmse: rmse(test, baseline.w) },
    tuned: { validationLoss: result.fx.loss, testRmse: rmse(test, w) },
    hypergradientCheck: check,
    history,
    trace,
    featureNames: features.names,
    featureGroups: Array.from(features.groupOf, (k) => features.groupNames[k]),
    lambdas,
    droppedColumns: features.dropped,
    imputed: features.imputed,
  };
}
