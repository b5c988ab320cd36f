import { JOB_DEFAULTS } from './defaults.js';
import type { Imputation } from './features.js';
import type { GridSearchCost, JobResult } from './pipeline.js';

/** The JSON summary printed by `--json`: the headline's figures first, then the details. */
export interface Summary {
  dataset: string;
  target: string;
  rows: number;
  ols: { lambda: number; validationLoss: number; testRmse: number };
  baseline: { lambda: number; validationLoss: number; testRmse: number };
  tuned: { validationLoss: number; testRmse: number };
  hyperparameters: number;
  evaluations: number;
  tuningSeconds: number;
  gridSearch: GridSearchCost;
  features: number;
  groups: boolean;
  folds: number;
  shrink: number;
  iterations: number;
  stopReason: string;
  seconds: number;
  hypergradientCheck: { maxRelError: number; checked: number } | null;
  droppedColumns: readonly string[];
  imputed: readonly Imputation[];
  plot: string;
}

/** The JSON summary of a run (numbers as computed, not rounded). */
export function summary(result: JobResult, plot: string): Summary {
  return {
    dataset: result.dataset,
    target: result.target,
    rows: result.rows,
    ols: result.ols,
    baseline: result.baseline,
    tuned: result.tuned,
    hyperparameters: result.hyperparameters,
    evaluations: result.evaluations,
    tuningSeconds: result.tuningSeconds,
    gridSearch: result.gridSearch,
    features: result.features,
    groups: result.groups,
    folds: result.folds,
    shrink: result.shrink,
    iterations: result.iterations,
    stopReason: result.stopReason,
    seconds: result.seconds,
    hypergradientCheck: result.hypergradientCheck ?? null,
    droppedColumns: result.droppedColumns,
    imputed: result.imputed,
    plot,
  };
}

const SECONDS: [number, string][] = [
  [365.25 * 86400, 'years'],
  [86400, 'days'],
  [3600, 'hours'],
  [60, 'minutes'],
];

/** A duration of 10^log10Seconds seconds in the largest unit it exceeds ("3.2 hours", "4.0e+95 years", "10^400 years"). */
export function duration(log10Seconds: number): string {
  const seconds = 10 ** log10Seconds;
  for (const [unit, name] of SECONDS) {
    if (seconds >= unit) {
      const n = seconds / unit;
      if (!Number.isFinite(n)) return `10^${Math.round(log10Seconds - Math.log10(unit))} ${name}`;
      return `${n < 1e6 ? n.toPrecision(2).replace(/\.0$/, '') : n.toExponential(1)} ${name}`;
    }
  }
  return `${seconds.toPrecision(2)} s`;
}

/** A count of 10^log10 evaluations: exact up to a million, else as a power of ten. */
function count(log10: number): string {
  return log10 <= 6 ? Math.round(10 ** log10).toLocaleString('en-US') : `10^${Math.round(log10)}`;
}

/** The three lines a user came for: the test errors, what the tuning took, and what a grid search would have. */
export function headline(result: JobResult): { test: string; tuning: string; grid: string } {
  const { tuned, baseline, ols, gridSearch } = result;
  const change = (100 * (tuned.testRmse - baseline.testRmse)) / baseline.testRmse;
  const relative =
    Math.abs(change) < 0.05
      ? 'the same as one λ'
      : `${Math.abs(change).toFixed(1)}% ${change < 0 ? 'below' : 'above'} one λ`;
  const fits = result.folds > 0 ? `, ${result.folds} fits each` : '';
  const perEvaluation = result.tuningSeconds / Math.max(result.evaluations, 1);
  return {
    test: `test RMSE: tuned penalties ${f4(tuned.testRmse)} (${relative}), one λ by grid search ${f4(baseline.testRmse)}, OLS ${f4(ols.testRmse)}`,
    tuning: `tuned ${result.hyperparameters} penalties in ${result.evaluations} hypergradient ${
      result.evaluations === 1 ? 'evaluation' : 'evaluations'
    }${fits}, ${duration(Math.log10(result.tuningSeconds))}`,
    grid: `a grid search over ${result.hyperparameters} penalties at ${gridSearch.valuesEach} values each: ${count(gridSearch.log10Evaluations)} evaluations, about ${duration(gridSearch.log10Seconds)} at ${perEvaluation.toPrecision(2)} s each`,
  };
}

const STOP: Record<string, string> = {
  gradient: 'projected gradient below tolerance',
  decrease: 'relative decrease below tolerance',
  'max-iter': 'iteration limit reached (--max-iter)',
  'line-search': 'line search found no decrease',
};

function table(rows: string[][]): string {
  const widths = rows[0].map((_, j) => Math.max(...rows.map((r) => r[j].length)));
  return rows
    .map((r) => r.map((cell, j) => (j === 0 ? cell.padEnd(widths[j]) : cell.padStart(widths[j]))).join('   '))
    .join('\n');
}

const f4 = (x: number) => x.toFixed(4);

/** The defaults (which generalize best on the embedded data) that this run does not use, as flags. */
function remedies(result: JobResult): string[] {
  const flags: string[] = [];
  if (result.groups !== JOB_DEFAULTS.groups) flags.push(`--penalties ${JOB_DEFAULTS.groups ? 'group' : 'feature'}`);
  if (result.folds !== JOB_DEFAULTS.folds) flags.push(`--cv ${JOB_DEFAULTS.folds}`);
  if (result.shrink !== JOB_DEFAULTS.shrink) flags.push(`--shrink ${JOB_DEFAULTS.shrink}`);
  return flags;
}

/** One honest sentence on what tuning did to the validation loss and to the test error. */
export function verdict(result: JobResult): string {
  const { baseline, tuned } = result;
  const what = lossName(result);
  const validation = `(${f4(baseline.validationLoss)} → ${f4(tuned.validationLoss)})`;
  const test = `(${f4(baseline.testRmse)} → ${f4(tuned.testRmse)})`;
  if (result.iterations === 0)
    return 'The start, one global λ for every penalty, is already stationary: nothing to tune.';
  if (Math.abs(tuned.testRmse - baseline.testRmse) <= 1e-3 * baseline.testRmse) {
    return `Tuning lowered the ${what} ${validation}; the test RMSE did not change ${test}.`;
  }
  if (tuned.testRmse < baseline.testRmse) return `Tuning lowered the ${what} ${validation} and the test RMSE ${test}.`;
  const flags = remedies(result);
  const remedy = flags.length > 0 ? ` The defaults generalize better: try ${flags.join(' ')}.` : '';
  const fitted = result.folds > 0 ? 'cross-validation folds' : 'validation set';
  return `Tuning lowered the ${what} ${validation} but the test RMSE rose ${test}: ${result.hyperparameters} penalties over-fit the ${fitted}.${remedy}`;
}

/** "5-fold CV loss" or "validation loss". */
export function lossName(result: Pick<JobResult, 'folds'>): string {
  return result.folds > 0 ? `${result.folds}-fold CV loss` : 'validation loss';
}

/** The human-readable report: the headline, what was run, the comparison table, the hypergradient check, and an honest verdict. */
export function formatReport(result: JobResult, plot: string): string {
  const { split } = result;
  const what = lossName(result);
  const penalties = result.groups
    ? `${result.hyperparameters} penalties (one per original column, one for all interactions)`
    : `${result.hyperparameters} penalties (one per feature)`;
  const objective = `${what}${result.shrink > 0 ? ` + shrinkage toward the grid-searched λ (ρ = ${result.shrink})` : ''}`;
  const top = headline(result);
  const check = result.hypergradientCheck;
  const lines = [
    top.test,
    top.tuning,
    top.grid,
    '',
    `dataset      ${result.dataset}: ${result.rows} rows, target ${result.target}`,
    `split        ${split.train} train / ${split.validation} validation / ${split.test} test${
      result.folds > 0 ? `; ${result.folds}-fold cross-validation over train + validation` : ''
    }`,
    `features     ${result.features}`,
    ...result.droppedColumns.map((c) => `dropped      column '${c}': constant on the training rows`),
    ...result.imputed.map(
      (i) =>
        `imputed      column '${i.column}': ${i.lines.length} ${i.lines.length === 1 ? 'cell' : 'cells'} (line${
          i.lines.length === 1 ? '' : 's'
        } ${i.lines.slice(0, 10).join(', ')}${i.lines.length > 10 ? ', …' : ''}) set to its training mean ${i.mean.toPrecision(6)}`,
    ),
    `tuned        ${penalties}, projected L-BFGS on the hypergradient of the ${objective}`,
    `iterations   ${result.iterations} (${STOP[result.stopReason]}), ${result.seconds.toFixed(2)} s in all`,
    ...(check === undefined
      ? []
      : [
          `check        hypergradient vs finite differences at the start: max relative difference ${check.maxRelError.toExponential(2)} (${check.checked} coordinates)`,
        ]),
    '',
    table([
      ['model', 'λ', `${what} (½·MSE)`, 'test RMSE'],
      [
        'OLS',
        result.ols.lambda === 0 ? '0' : `${result.ols.lambda.toExponential(1)} (λ→0)`,
        result.ols.validationLoss.toFixed(5),
        result.ols.testRmse.toFixed(5),
      ],
      [
        'ridge, one λ by grid search',
        result.baseline.lambda.toPrecision(4),
        result.baseline.validationLoss.toFixed(5),
        result.baseline.testRmse.toFixed(5),
      ],
      [
        `ridge, ${result.hyperparameters} tuned λ`,
        'tuned',
        result.tuned.validationLoss.toFixed(5),
        result.tuned.testRmse.toFixed(5),
      ],
    ]),
    '',
  ];
  lines.push(verdict(result));
  lines.push(`plot         ${plot}`);
  return `${lines.join('\n')}\n`;
}
