import { writeFileSync } from 'node:fs';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CliError } from './errors.js';
import type { JobResult } from './pipeline.js';

/**
 * The vega-lite specification of the report's plot: above, the validation loss per iteration of
 * the outer optimizer with the grid-searched baseline as a dashed rule; below, log₁₀ of the tuned
 * penalty of every feature, as a bar from the baseline's global λ (dashed).
 */
export function plotSpec(result: JobResult): TopLevelSpec {
  const losses = result.history.map((loss, iteration) => ({ iteration, loss }));
  const penalties = result.featureNames.map((feature, index) => ({
    index,
    feature,
    log10Lambda: Math.log10(result.lambdas[index]),
  }));
  const labels = result.featureNames.length <= 150;
  const what = result.folds > 0 ? `${result.folds}-fold cross-validation loss` : 'validation loss';
  const width = labels ? Math.max(480, 8 * penalties.length) : 900;
  const baselineLog10 = Math.log10(result.baseline.lambda);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: `${result.dataset}: ${result.hyperparameters} ridge penalties tuned by hypergradient`,
      subtitle: `target ${result.target}; test RMSE: OLS ${result.ols.testRmse.toFixed(4)}, one global λ ${result.baseline.testRmse.toFixed(4)}, tuned ${result.tuned.testRmse.toFixed(4)}`,
    },
    vconcat: [
      {
        title: `${what} (½·MSE) per L-BFGS iteration; dashed: one global λ by grid search`,
        width,
        height: 220,
        layer: [
          {
            data: { values: losses },
            mark: { type: 'line', point: true },
            encoding: {
              x: { field: 'iteration', type: 'quantitative', title: 'iteration' },
              y: { field: 'loss', type: 'quantitative', title: what, scale: { zero: false } },
            },
          },
          {
            data: { values: [{ loss: result.baseline.validationLoss }] },
            mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' },
            encoding: { y: { field: 'loss', type: 'quantitative' } },
          },
        ],
      },
      {
        title: `learned penalty per feature, log₁₀ λ, drawn from the global λ (dashed, ${result.baseline.lambda.toPrecision(3)})`,
        width,
        height: 240,
        layer: [
          {
            data: { values: penalties },
            mark: { type: 'bar', color: 'steelblue' },
            encoding: {
              x: {
                field: 'feature',
                type: 'nominal',
                sort: { field: 'index' },
                title: null,
                axis: labels ? { labelFontSize: 7, labelAngle: -70, labelLimit: 200 } : { labels: false, ticks: false },
              },
              y: { field: 'log10Lambda', type: 'quantitative', title: 'log₁₀ λ' },
              y2: { datum: baselineLog10 },
            },
          },
          {
            data: { values: [{ log10Lambda: baselineLog10 }] },
            mark: { type: 'rule', strokeDash: [6, 4], color: 'firebrick' },
            encoding: { y: { field: 'log10Lambda', type: 'quantitative' } },
          },
        ],
      },
    ],
  };
}

/** Renders a vega-lite specification to an SVG document, headless (vega's 'none' renderer). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Writes the report's plot as SVG to `path`.
 * @throws CliError naming the path when it cannot be written.
 */
export async function writePlot(result: JobResult, path: string): Promise<void> {
  const svg = await renderSvg(plotSpec(result));
  try {
    writeFileSync(path, svg);
  } catch (error) {
    throw new CliError(`cannot write the plot to ${path}: ${(error as Error).message}`);
  }
}
