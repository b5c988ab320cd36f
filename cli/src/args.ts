import { parseArgs } from 'node:util';
import { DEFAULT_PLOT, JOB_DEFAULTS } from './defaults.js';
import { UsageError } from './errors.js';

/** The options of one run of the command. */
export interface Options {
  /** A user's CSV file, or undefined for the embedded wages data. */
  csv: string | undefined;
  /** The target column; defaults to `wage` (modelled as log(wage)) on the embedded data. */
  target: string | undefined;
  /** Model log(target) instead of the target (default on for the embedded wages data). */
  logTarget: boolean;
  /** Seed of the train/validation/test shuffle. */
  seed: number;
  /** One penalty per group of features (an original column's, or all interactions), instead of one per feature. */
  groups: boolean;
  /** 0: tune on the validation set; K ≥ 2: K-fold cross-validation over training + validation rows. */
  folds: number;
  /** ρ ≥ 0, the pull of the log-penalties toward the single grid-searched one (see shrink.ts). */
  shrink: number;
  /** Replace a numeric column's empty or non-numeric cells with its training mean instead of refusing the file. */
  impute: boolean;
  /** Add pairwise interactions between different original columns. */
  interactions: boolean;
  /** Path of the SVG plot. */
  plot: string;
  /** Iteration limit of the outer optimizer. */
  maxIter: number;
  /** Print one JSON summary and nothing else on stdout. */
  json: boolean;
  help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: implicit-diff [options]

Tunes ridge penalties, one per group of features, by L-BFGS on the hypergradient of the
cross-validation loss, against one global penalty chosen by grid search and ordinary least
squares, and reports their test errors. Without --csv it runs on the embedded 1985 CPS wages
data (534 workers; target log(wage)).

Options:
  --csv FILE         a CSV file with a header row (numeric columns are standardized,
                     the others one-hot encoded)
  --target COLUMN    the column to predict (required with --csv)
  --log-target       model log(target) (default on the embedded data only)
  --impute           replace empty or non-numeric cells of a numeric column with the
                     column's mean on the training rows (without it such a file is refused)
  --seed N           seed of the 60/20/20 train/validation/test split (default ${JOB_DEFAULTS.seed})
  --penalties KIND   group: one penalty per original column and one for all interactions
                     (default); feature: one per feature (over-fits the held-out rows)
  --cv K             tune on the K-fold cross-validation loss over the training and
                     validation rows, then refit on both (default ${JOB_DEFAULTS.folds});
                     0: on the validation set
  --shrink RHO       pull the log-penalties toward the grid-searched one: adds
                     RHO·L₀·mean((log λ − log λ₀)²)/2 to the loss (default ${JOB_DEFAULTS.shrink}; 0: none)
  --no-interactions  no pairwise interactions, main effects only
  --plot FILE        where to write the SVG plot (default implicit-diff-plot.svg)
  --max-iter N       iteration limit of the L-BFGS outer optimizer (default 100)
  --json             print one JSON summary on stdout and nothing else
  -h, --help         show this help
`;

/** A non-negative decimal number option. */
function nonNegative(name: string, text: string): number {
  const value = /^\+?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number ≥ 0, got '${text}'`);
  return value;
}

function integer(name: string, text: string, min: number): number {
  if (!/^[+-]?\d+$/.test(text.trim())) throw new UsageError(`--${name} must be an integer, got '${text}'`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}, got '${text}'`);
  }
  return value;
}

/**
 * Parses the command line (without the `node` and script entries).
 * @throws UsageError on an unknown option, a missing value, a malformed number, an unknown `--penalties`
 *   kind, `--cv 1`, or `--csv` without `--target`.
 */
export function parseOptions(argv: readonly string[]): Options {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        csv: { type: 'string' },
        target: { type: 'string' },
        'log-target': { type: 'boolean' },
        seed: { type: 'string' },
        impute: { type: 'boolean' },
        penalties: { type: 'string' },
        cv: { type: 'string' },
        shrink: { type: 'string' },
        'no-interactions': { type: 'boolean' },
        plot: { type: 'string' },
        'max-iter': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    // parseArgs' messages may span lines ("... is ambiguous.\nDid you forget ..."): join them into one.
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(message.replace(/\s*\n\s*/g, ' '));
  }
  const csv = values.csv as string | undefined;
  const target = values.target as string | undefined;
  if (!values.help) {
    if (csv !== undefined && target === undefined) throw new UsageError('--csv needs --target COLUMN');
    if (csv === '') throw new UsageError('--csv needs a file name');
  }
  const kind = (values.penalties as string | undefined) ?? (JOB_DEFAULTS.groups ? 'group' : 'feature');
  if (kind !== 'group' && kind !== 'feature') {
    throw new UsageError(`--penalties must be 'group' or 'feature', got '${kind}'`);
  }
  const folds = values.cv === undefined ? JOB_DEFAULTS.folds : integer('cv', values.cv as string, 0);
  if (folds === 1) throw new UsageError("--cv must be 0 (the validation set) or an integer ≥ 2, got '1'");
  const plot = (values.plot as string | undefined) ?? DEFAULT_PLOT;
  if (plot === '') throw new UsageError('--plot needs a file name');
  return {
    csv,
    target,
    logTarget: (values['log-target'] as boolean | undefined) ?? csv === undefined,
    seed: values.seed === undefined ? JOB_DEFAULTS.seed : integer('seed', values.seed as string, 0),
    groups: kind === 'group',
    folds,
    shrink: values.shrink === undefined ? JOB_DEFAULTS.shrink : nonNegative('shrink', values.shrink as string),
    impute: Boolean(values.impute),
    interactions: !values['no-interactions'],
    plot,
    maxIter:
      values['max-iter'] === undefined ? JOB_DEFAULTS.maxIter : integer('max-iter', values['max-iter'] as string, 0),
    json: Boolean(values.json),
    help: Boolean(values.help),
  };
}
