// What installing the package costs a user: `npm install <tarball>` into a new empty project, timed
// (wall clock, median of the rounds), with the number of packages it adds, the bytes it puts in
// node_modules and npm's warnings. Without arguments it packs this repository's built dist/
// (`npm run build:lib` first); given tarballs (e.g. one packed from an older commit) it measures
// each, interleaved round by round.
//   node bench/install.mjs [--rounds N] [file.tgz ...]
// npm's cache serves the dependencies (--prefer-offline), so the time is npm's own work plus
// unpacking, not the network.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values, positionals } = parseArgs({ options: { rounds: { type: 'string' } }, allowPositionals: true });
const rounds = Number(values.rounds ?? 5);
const scratch = mkdtempSync(join(tmpdir(), 'implicit-diff-install-'));
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)));

/** Total bytes of the files under `dir`. */
function bytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

let tarballs = positionals;
if (tarballs.length === 0) {
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    cwd: root,
    env,
  });
  tarballs = [join(scratch, JSON.parse(out)[0].filename)];
}

const results = new Map(tarballs.map((t) => [t, []]));
let round = 0;
for (let r = 0; r < rounds; r++) {
  for (const tarball of tarballs) {
    const project = join(scratch, `project-${round++}`);
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "version": "1.0.0", "private": true }\n');
    const started = performance.now();
    const npm = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], {
      cwd: project,
      env,
      encoding: 'utf8',
    });
    const seconds = (performance.now() - started) / 1000;
    if (npm.status !== 0) throw new Error(`npm install ${tarball} failed:\n${npm.stderr}`);
    const out = `${npm.stdout}\n${npm.stderr}`;
    const added = Number(out.match(/added (\d+) package/)?.[1] ?? Number.NaN);
    const warnings = out.split('\n').filter((line) => /npm warn/i.test(line)).length;
    results.get(tarball).push({ seconds, added, bytes: bytes(join(project, 'node_modules')), warnings });
    rmSync(project, { recursive: true, force: true });
  }
}

for (const [tarball, runs] of results) {
  const times = runs.map((x) => x.seconds).sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const { added, bytes: size, warnings } = runs[0];
  console.log(
    `${tarball}: ${statSync(tarball).size} B packed; adds ${added} packages, ${(size / 1e6).toFixed(2)} MB in ` +
      `node_modules, ${warnings} npm warnings; npm install median ${median.toFixed(2)} s ` +
      `(${times.map((t) => t.toFixed(2)).join(', ')})`,
  );
}
rmSync(scratch, { recursive: true, force: true });
