// Does tuning many penalties generalize? The main job (cli/dist/main.js --json) over seeds 0–9 of
// the train/validation/test split, for the default (one penalty per feature, validation set) and
// the remedies (--groups, --cv 5, both): mean test RMSE of the grid-searched single λ and of the
// tuned penalties, and how often tuning wins on test. `npm run build && node bench/generalization.mjs`.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const main = fileURLToPath(new URL('../cli/dist/main.js', import.meta.url));
const setups = {
  'per feature': [],
  '--groups': ['--groups'],
  '--cv 5': ['--cv', '5'],
  '--groups --cv 5': ['--groups', '--cv', '5'],
};
const seeds = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const plot = fileURLToPath(new URL('../build/generalization-plot.svg', import.meta.url));
const rows = [];
for (const [name, flags] of Object.entries(setups)) {
  let single = 0;
  let tuned = 0;
  let wins = 0;
  let hyperparameters = 0;
  for (const seed of seeds) {
    const out = execFileSync(process.execPath, [main, '--json', '--seed', String(seed), '--plot', plot, ...flags]);
    const r = JSON.parse(out.toString());
    single += r.baseline.testRmse;
    tuned += r.tuned.testRmse;
    if (r.tuned.testRmse < r.baseline.testRmse) wins++;
    hyperparameters = r.hyperparameters;
  }
  rows.push({
    setup: name,
    hyperparameters,
    'mean test RMSE, one λ': (single / seeds.length).toFixed(4),
    'mean test RMSE, tuned': (tuned / seeds.length).toFixed(4),
    'tuned wins': `${wins}/${seeds.length}`,
  });
}
console.table(rows);
