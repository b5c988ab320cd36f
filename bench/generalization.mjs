// Which tuning configuration generalizes? The main job (cli/dist/pipeline.js, in this process) on
// the embedded wages data over seeds 0–19 of the train/validation/test split, for penalties per
// feature and per group, tuned on the validation set or by 5- and 10-fold cross-validation, with
// shrinkage ρ of the log-penalties toward the single grid-searched λ, and with early stopping
// (3 L-BFGS iterations). For each: the mean test RMSE of the tuned penalties, of the single λ chosen
// by the same objective, and of OLS; on how many seeds tuning beats the single λ on test; and seed 0.
// The default of the command (cli/src/defaults.ts) must be the configuration with the best mean test
// RMSE among those that beat the single λ on seed 0 and on at least 80% of the seeds.
//
//   npm run build && node bench/generalization.mjs            # 26 configurations × 20 seeds
//   node bench/generalization.mjs --seeds 2                   # smoke run: seeds 0 and 1
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { JOB_DEFAULTS } from '../cli/dist/defaults.js';
import { runJob } from '../cli/dist/pipeline.js';
import { readDataset } from '../cli/dist/read-dataset.js';

const { values } = parseArgs({ options: { seeds: { type: 'string' } } });
const seedCount = Number(values.seeds ?? 20);
if (!Number.isInteger(seedCount) || seedCount < 1)
  throw new Error(`--seeds must be a positive integer, got '${values.seeds}'`);
const seeds = Array.from({ length: seedCount }, (_, i) => i);
const WINS_NEEDED = Math.ceil(0.8 * seedCount);

const csv = fileURLToPath(new URL('../cli/data/berndt-cps-wages-1985.csv', import.meta.url));
const data = readDataset(csv, 'wage', true, 'Berndt CPS wages 1985');

/** The configurations compared: every combination, plus early stopping without shrinkage. */
const configs = [];
for (const groups of [false, true]) {
  for (const folds of [0, 5, 10]) {
    for (const shrink of [0, 0.1, 1, 3]) configs.push({ groups, folds, shrink, maxIter: 100 });
  }
  configs.push({ groups, folds: 5, shrink: 0, maxIter: 3 });
}

const flags = (c) =>
  [
    `--penalties ${c.groups ? 'group' : 'feature'}`,
    `--cv ${c.folds}`,
    `--shrink ${c.shrink}`,
    c.maxIter === 100 ? '' : `--max-iter ${c.maxIter}`,
  ]
    .filter(Boolean)
    .join(' ');

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
const started = performance.now();
const rows = [];
for (const config of configs) {
  const runs = seeds.map((seed) => runJob(data, { seed, interactions: true, checkGradient: false, ...config }));
  const wins = runs.filter((r) => r.tuned.testRmse < r.baseline.testRmse).length;
  const first = runs[0];
  rows.push({
    config,
    setup: flags(config),
    hyperparameters: first.hyperparameters,
    tuned: mean(runs.map((r) => r.tuned.testRmse)),
    single: mean(runs.map((r) => r.baseline.testRmse)),
    ols: mean(runs.map((r) => r.ols.testRmse)),
    evaluations: mean(runs.map((r) => r.evaluations)),
    wins,
    seed0: { tuned: first.tuned.testRmse, single: first.baseline.testRmse },
  });
  process.stderr.write('.');
}
process.stderr.write('\n');

const f4 = (x) => x.toFixed(4);
console.log(
  `Test RMSE on the embedded wages data, mean over seeds 0–${seedCount - 1} (${seedCount} splits 320/107/107); ` +
    `"single λ": one penalty grid-searched on the same objective; "wins": seeds where the tuned penalties beat it on test.\n`,
);
console.log(
  '| configuration | penalties | mean evaluations | tuned | single λ | OLS | wins | seed 0: tuned / single λ |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  console.log(
    `| \`${r.setup}\` | ${r.hyperparameters} | ${r.evaluations.toFixed(1)} | ${f4(r.tuned)} | ${f4(r.single)} | ${f4(r.ols)} | ${r.wins}/${seedCount} | ${f4(r.seed0.tuned)} / ${f4(r.seed0.single)} |`,
  );
}
const eligible = rows.filter((r) => r.wins >= WINS_NEEDED && r.seed0.tuned < r.seed0.single);
const best = (list) => list.reduce((a, b) => (b.tuned < a.tuned ? b : a));
console.log('');
if (eligible.length > 0) {
  console.log(
    `Best mean test RMSE among the ${eligible.length} configurations that beat the single λ on seed 0 and on ≥ ${WINS_NEEDED} of ${seedCount} seeds: \`${best(eligible).setup}\`.`,
  );
} else {
  console.log(
    `No configuration beats the single λ on seed 0 and on ≥ ${WINS_NEEDED} of ${seedCount} seeds; the best mean test RMSE: \`${best(rows).setup}\`.`,
  );
}
const chosen = eligible.length > 0 ? best(eligible) : best(rows);
const isDefault = ['groups', 'folds', 'shrink', 'maxIter'].every((k) => chosen.config[k] === JOB_DEFAULTS[k]);
console.log(
  `The command's default (cli/src/defaults.ts) is \`${flags(JOB_DEFAULTS)}\`: ${isDefault ? 'the same' : 'NOT the same — update it'}.`,
);
console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
