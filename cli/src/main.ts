#!/usr/bin/env node
// The command `implicit-diff` (`npm start`): tunes ridge penalties by hypergradient and reports.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ImplicitDiffError } from 'implicit-diff';
import { type Options, parseOptions, USAGE } from './args.js';
import { CliError } from './errors.js';
import { runJob } from './pipeline.js';
import { progressFor } from './progress.js';
import { readDataset } from './read-dataset.js';
import { formatReport, summary } from './report.js';

/** The embedded dataset, shipped in the package's data/ folder next to dist/. */
const EMBEDDED_CSV = fileURLToPath(new URL('../data/berndt-cps-wages-1985.csv', import.meta.url));
const EMBEDDED_NAME = 'Berndt CPS wages 1985';

async function run(options: Options): Promise<void> {
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  const plotDir = dirname(resolve(options.plot));
  if (!existsSync(plotDir)) throw new CliError(`cannot write the plot to ${options.plot}: no directory ${plotDir}`);
  const data =
    options.csv === undefined
      ? readDataset(EMBEDDED_CSV, options.target ?? 'wage', options.logTarget, EMBEDDED_NAME, options.impute)
      : readDataset(options.csv, options.target!, options.logTarget, options.csv, options.impute);
  const progress = progressFor(process.stdout, options.json, options.folds > 0 ? 'CV loss' : 'validation loss');
  let result: ReturnType<typeof runJob>;
  try {
    result = runJob(data, {
      seed: options.seed,
      groups: options.groups,
      interactions: options.interactions,
      folds: options.folds,
      shrink: options.shrink,
      maxIter: options.maxIter,
      onIteration: (iteration, maxIter, loss) => progress.update(iteration, maxIter, loss),
    });
  } finally {
    progress.done();
  }
  // vega is loaded only when there is something to plot, which keeps --help and errors quick.
  const { writePlot } = await import('./plot.js');
  await writePlot(result, options.plot);
  process.stdout.write(
    options.json ? `${JSON.stringify(summary(result, options.plot))}\n` : formatReport(result, options.plot),
  );
}

/** Runs the command on `argv`; returns the exit code, having written any error as one line to stderr. */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await run(parseOptions(argv));
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      const hint = error.exitCode === 2 ? ' (see implicit-diff --help)' : '';
      process.stderr.write(`implicit-diff: ${error.message}${hint}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const kind = error instanceof ImplicitDiffError ? 'numerical failure' : 'internal error';
    process.stderr.write(`implicit-diff: ${kind}: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
