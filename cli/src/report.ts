import type { JobResult } from './pipeline.js';

/** The JSON summary printed by `--json`. */
export interface Summary {
  dataset: string;
  target: string;
  rows: number;
  features: number;
  hyperparameters: number;
  groups: boolean;
  folds: number;
  iterations: number;
  stopReason: string;
  seconds: number;
  ols: { lambda: number; validationLoss: number; testRmse: number };
  baseline: { lambda: number; validationLoss: number; testRmse: number };
  tuned: { validationLoss: number; testRmse: number };
  hypergradientCheck: { maxRelError: number; checked: number };
  plot: string;
}

/** The JSON summary of a run (numbers as computed, not rounded). */
export function summary(result: JobResult, plot: string): Summary {
  return {
    dataset: result.dataset,
    target: result.target,
    rows: result.rows,
    features: result.features,
    hyperparameters: result.hyperparameters,
    groups: result.groups,
    folds: result.folds,
    iterations: result.iterations,
    stopReason: result.stopReason,
    seconds: result.seconds,
    ols: result.ols,
    baseline: result.baseline,
    tuned: result.tuned,
    hypergradientCheck: result.hypergradientCheck,
    plot,
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

/** One honest sentence on what tuning did to the validation loss and to the test error. */
export function verdict(result: JobResult, what: string): string {
  const { baseline, tuned } = result;
  const validation = `(${f4(baseline.validationLoss)} → ${f4(tuned.validationLoss)})`;
  const test = `(${f4(baseline.testRmse)} → ${f4(tuned.testRmse)})`;
  if (result.iterations === 0)
    return 'The start, one global λ for every penalty, is already stationary: nothing to tune.';
  if (Math.abs(tuned.testRmse - baseline.testRmse) <= 1e-3 * baseline.testRmse) {
    return `Tuning lowered the ${what} ${validation}; the test RMSE did not change ${test}.`;
  }
  if (tuned.testRmse < baseline.testRmse) return `Tuning lowered the ${what} ${validation} and the test RMSE ${test}.`;
  const remedy = result.groups
    ? result.folds > 0
      ? ''
      : ' Try --cv 5 as well.'
    : ` Fewer penalties generalize better: try --groups${result.folds > 0 ? '' : ' --cv 5'}.`;
  const fitted = result.folds > 0 ? 'cross-validation folds' : 'validation set';
  return `Tuning lowered the ${what} ${validation} but the test RMSE rose ${test}: ${result.hyperparameters} penalties over-fit the ${fitted}.${remedy}`;
}

/** The human-readable report: what was run, the comparison table, the hypergradient check, and an honest verdict. */
export function formatReport(result: JobResult, plot: string): string {
  const { split } = result;
  const what = result.folds > 0 ? `${result.folds}-fold CV loss` : 'validation loss';
  const penalties = result.groups
    ? `${result.hyperparameters} penalties (one per original column, one for all interactions)`
    : `${result.hyperparameters} penalties (one per feature)`;
  const lines = [
    `dataset      ${result.dataset}: ${result.rows} rows, target ${result.target}`,
    `split        ${split.train} train / ${split.validation} validation / ${split.test} test${
      result.folds > 0 ? `; ${result.folds}-fold cross-validation over train + validation` : ''
    }`,
    `features     ${result.features}${result.droppedColumns.length > 0 ? ` (dropped constant columns: ${result.droppedColumns.join(', ')})` : ''}`,
    `tuned        ${penalties}, projected L-BFGS on the hypergradient`,
    `iterations   ${result.iterations} (${STOP[result.stopReason]})`,
    `seconds      ${result.seconds.toFixed(2)}`,
    `hypergradient check vs finite differences at the start: max relative difference ${result.hypergradientCheck.maxRelError.toExponential(2)} (${result.hypergradientCheck.checked} coordinates)`,
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
  lines.push(verdict(result, what));
  lines.push(`plot         ${plot}`);
  return `${lines.join('\n')}\n`;
}
