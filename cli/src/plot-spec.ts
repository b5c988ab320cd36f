// The plot's specification, apart from writing it (plot.ts) so that the demo page draws the same plot.
import type { TopLevelSpec } from 'vega-lite';
import type { JobResult } from './pipeline.js';

/** Most bars in the penalty panel; beyond, penalties are summarized by group. */
export const MAX_BARS = 25;

/** One bar of the penalty panel: a penalty, or a summary of a group of them (log₁₀ λ). */
export interface PenaltyBar {
  readonly label: string;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

function median(sorted: readonly number[]): number {
  const h = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[h] : (sorted[h - 1] + sorted[h]) / 2;
}

/**
 * The bars of the penalty panel. With at most MAX_BARS distinct penalties (one per group, or few
 * features), one bar each, labelled by its group or feature. With more, one bar per group giving
 * the median of its features' log₁₀ λ and their range; when there are more than MAX_BARS groups, the
 * MAX_BARS − 1 that move furthest from the single λ are shown and the rest pooled as "other".
 */
export function penaltyBars(result: JobResult): PenaltyBar[] {
  const log10 = Array.from(result.lambdas, Math.log10);
  const labelsOf = result.groups ? result.featureGroups : result.featureNames;
  const byLabel = new Map<string, number[]>();
  const distinct = new Set(labelsOf).size;
  const keys = distinct <= MAX_BARS ? labelsOf : result.featureGroups;
  for (const [j, key] of keys.entries()) {
    const list = byLabel.get(key) ?? [];
    list.push(log10[j]);
    byLabel.set(key, list);
  }
  const summarize = (label: string, values: number[]): PenaltyBar => {
    const sorted = [...values].sort((u, v) => u - v);
    return { label, median: median(sorted), min: sorted[0], max: sorted.at(-1)!, count: sorted.length };
  };
  const grouped = distinct > MAX_BARS && !result.groups;
  // With penalties by group every feature of a group has the group's λ: one value per bar.
  let bars = [...byLabel].map(([key, values]) =>
    summarize(
      grouped && values.length > 1 ? `${key} (${values.length} features)` : key,
      result.groups ? values.slice(0, 1) : values,
    ),
  );
  if (bars.length > MAX_BARS) {
    const centre = Math.log10(result.baseline.lambda);
    const reach = (b: PenaltyBar) => Math.max(Math.abs(b.min - centre), Math.abs(b.max - centre));
    const order = [...bars].sort((u, v) => reach(v) - reach(u));
    const kept = new Set(order.slice(0, MAX_BARS - 1));
    const rest = order.slice(MAX_BARS - 1);
    const pooled = rest.flatMap((b) => [b.min, b.median, b.max]);
    bars = bars.filter((b) => kept.has(b));
    const count = rest.reduce((sum, b) => sum + b.count, 0);
    bars.push({ ...summarize(`other (${rest.length} groups)`, pooled), count });
  }
  return bars;
}

/**
 * The vega-lite specification of the report's plot: above, the validation (or cross-validation)
 * RMSE and the test RMSE of the tuned penalties per L-BFGS iteration, with those of the single
 * grid-searched λ as dashed lines; below, the tuned penalties (log₁₀ λ) as horizontal bars drawn from
 * the single λ, one per group (or, with many per-feature penalties, each group's median with the
 * range of its features as a line).
 */
export function plotSpec(result: JobResult): TopLevelSpec {
  const what = result.folds > 0 ? `${result.folds}-fold CV` : 'validation';
  const series = { validation: `${what} RMSE`, test: 'test RMSE' };
  const curves = result.trace.flatMap((t) => [
    { iteration: t.iteration, rmse: t.validationRmse, series: series.validation },
    { iteration: t.iteration, rmse: t.testRmse, series: series.test },
  ]);
  const single = [
    { rmse: Math.sqrt(2 * result.baseline.validationLoss), series: series.validation },
    { rmse: result.baseline.testRmse, series: series.test },
  ];
  const color = {
    field: 'series',
    type: 'nominal',
    title: null,
    scale: { domain: [series.validation, series.test], range: ['#1f6feb', '#d1495b'] },
    legend: { orient: 'top', direction: 'horizontal' },
  } as const;
  const bars = penaltyBars(result);
  const singleLog10 = Math.log10(result.baseline.lambda);
  const summarized = bars.some((b) => b.count > 1);
  const width = 560;
  const last = Math.max(result.iterations, 1);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${result.dataset}: ${result.hyperparameters} ridge penalties tuned by hypergradient`,
      subtitle: `test RMSE: tuned ${result.tuned.testRmse.toFixed(4)}, one λ by grid search ${result.baseline.testRmse.toFixed(4)}, OLS ${result.ols.testRmse.toFixed(4)}`,
    },
    config: { axis: { labelFontSize: 11, titleFontSize: 12 }, title: { subtitleFontSize: 12 } },
    vconcat: [
      {
        title: 'error per L-BFGS iteration (dashed: the single λ by grid search)',
        width,
        height: 200,
        layer: [
          {
            data: { values: curves },
            mark: { type: 'line', point: true },
            encoding: {
              x: {
                field: 'iteration',
                type: 'quantitative',
                title: 'L-BFGS iteration',
                scale: { domain: [0, last], nice: false },
                axis: {
                  tickMinStep: 1,
                  format: 'd',
                  values: last <= 20 ? Array.from({ length: last + 1 }, (_, i) => i) : undefined,
                },
              },
              y: { field: 'rmse', type: 'quantitative', title: 'RMSE', scale: { zero: false } },
              color,
            },
          },
          {
            data: { values: single },
            mark: { type: 'rule', strokeDash: [6, 4] },
            encoding: { y: { field: 'rmse', type: 'quantitative' }, color },
          },
          {
            data: { values: single },
            mark: { type: 'text', align: 'right', dx: -2, dy: -7, fontSize: 11 },
            encoding: {
              x: { value: width },
              y: { field: 'rmse', type: 'quantitative' },
              text: { value: 'one λ' },
              color,
            },
          },
        ],
      },
      {
        title: `tuned penalties, drawn from the single λ = ${result.baseline.lambda.toPrecision(3)} (dashed)`,
        width,
        height: { step: 18 },
        layer: [
          {
            data: { values: bars },
            mark: { type: 'bar', color: 'steelblue', height: { band: 0.7 } },
            encoding: {
              y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 260 } },
              x: {
                field: 'median',
                type: 'quantitative',
                title: summarized ? 'log₁₀ λ (bar: median of the group’s features; line: their range)' : 'log₁₀ λ',
                scale: { zero: false },
              },
              x2: { datum: singleLog10 },
              tooltip: [
                { field: 'label', type: 'nominal' },
                { field: 'median', type: 'quantitative', format: '.3f' },
              ],
            },
          },
          ...(summarized
            ? [
                {
                  data: { values: bars.filter((b) => b.count > 1) },
                  mark: { type: 'rule', color: '#24292f' },
                  encoding: {
                    y: { field: 'label', type: 'nominal', sort: null },
                    x: { field: 'min', type: 'quantitative' },
                    x2: { field: 'max' },
                  },
                } as const,
              ]
            : []),
          {
            data: { values: [{ x: singleLog10 }] },
            mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' },
            encoding: { x: { field: 'x', type: 'quantitative' } },
          },
        ],
      },
    ],
  } as TopLevelSpec;
}
