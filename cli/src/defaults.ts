// The job's defaults, shared by the command line (args.ts) and the demo page, which cannot import
// args.ts (it uses node:util).

/** Defaults of the tuning options: seed of the split, penalty groups, CV folds, interactions, L-BFGS iteration cap. */
export const JOB_DEFAULTS = { seed: 0, groups: false, folds: 0, interactions: true, maxIter: 100 } as const;

/** Where the SVG plot goes unless `--plot` says otherwise. */
export const DEFAULT_PLOT = 'implicit-diff-plot.svg';
