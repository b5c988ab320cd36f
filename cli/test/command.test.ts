// The command line end to end: the real built program (cli/dist/main.js) spawned as a user would,
// on the embedded wages data, on a CSV of known structure, and on every kind of bad input.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const program = join(root, 'dist', 'main.js');
const known = join(root, 'test', 'fixtures', 'known.csv');
let dir: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built command with `args` (stdout and stderr are pipes, so not terminals). */
function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes a file into the test's temporary directory and returns its path. */
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Expects a failure reported as exactly one line on stderr, nothing on stdout, and no stack trace. */
function expectOneLineError(result: Run, code: number, pattern: RegExp): void {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^implicit-diff: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

beforeAll(() => {
  if (!existsSync(program)) throw new Error(`${program} is missing: run npm run build first`);
  dir = mkdtempSync(join(tmpdir(), 'implicit-diff-cli-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('the default job on the embedded wages data', () => {
  it('prints one JSON summary with --json: the tuned penalties beat the single λ on test, the hypergradient checks', async () => {
    const plot = join(dir, 'wages.svg');
    const result = await run(['--json', '--plot', plot]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]);
    expect(summary).toMatchObject({
      dataset: expect.stringContaining('wages'),
      rows: 534,
      ols: { validationLoss: expect.any(Number), testRmse: expect.any(Number) },
      baseline: { lambda: expect.any(Number), validationLoss: expect.any(Number), testRmse: expect.any(Number) },
      tuned: { validationLoss: expect.any(Number), testRmse: expect.any(Number) },
      hypergradientCheck: { maxRelError: expect.any(Number) },
      // The defaults (bench/generalization.mjs): one penalty per group, 5-fold CV, shrinkage 1.
      groups: true,
      folds: 5,
      shrink: 1,
      droppedColumns: [],
      imputed: [],
    });
    // 10 original columns and the interactions; a grid of 10 values each is 10¹¹ evaluations.
    expect(summary.features).toBeGreaterThan(100);
    expect(summary.hyperparameters).toBe(11);
    expect(summary.gridSearch.valuesEach).toBe(10);
    expect(summary.gridSearch.evaluations).toBe(1e11);
    expect(summary.gridSearch.seconds).toBeCloseTo((1e11 * summary.tuningSeconds) / summary.evaluations, 0);
    expect(summary.evaluations).toBeGreaterThan(summary.iterations);
    expect(summary.iterations).toBeGreaterThan(0);
    expect(summary.tuningSeconds).toBeGreaterThan(0);
    expect(summary.seconds).toBeGreaterThan(summary.tuningSeconds);
    expect(summary.baseline.lambda).toBeGreaterThan(0);
    // What the default is for: the tuned penalties beat the single grid-searched λ on the test rows.
    expect(summary.tuned.testRmse).toBeLessThan(summary.baseline.testRmse);
    expect(summary.baseline.testRmse).toBeLessThan(summary.ols.testRmse);
    expect(summary.tuned.validationLoss).toBeLessThan(summary.baseline.validationLoss);
    expect(summary.baseline.validationLoss).toBeLessThan(summary.ols.validationLoss);
    expect(summary.hypergradientCheck.maxRelError).toBeLessThan(1e-5);
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('error per L-BFGS iteration');
    expect(svg).toContain('test RMSE');
    expect(svg).toContain('5-fold CV RMSE');
    expect(svg).toContain('tuned penalties');
    expect(svg).toContain('>interactions<'); // a group's label on the penalty axis
  });

  it('leads with the test errors, the cost of tuning and of a grid search; no progress escapes off a terminal', async () => {
    const plot = join(dir, 'default.svg');
    const result = await run(['--plot', plot]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).not.toContain('\r');
    const [test, tuning, grid] = result.stdout.split('\n');
    expect(test).toMatch(
      /^test RMSE: tuned penalties 0\.\d{4} \(\d+\.\d% below one λ\), one λ by grid search 0\.\d{4}, OLS 0\.\d{4}$/,
    );
    expect(tuning).toMatch(/^tuned 11 penalties in \d+ hypergradient evaluations, 5 fits each, \d\.?\d* s$/);
    expect(grid).toMatch(
      /^a grid search over 11 penalties at 10 values each: 10\^11 evaluations, about .+ at .+ s each$/,
    );
    expect(result.stdout).toMatch(/^OLS\s/m);
    expect(result.stdout).toMatch(/^ridge, one λ by grid search\s/m);
    expect(result.stdout).toMatch(/^ridge, 11 tuned λ\s/m);
    expect(result.stdout).toContain('5-fold CV loss + shrinkage toward the grid-searched λ (ρ = 1)');
    expect(result.stdout).toContain('and the test RMSE');
    expect(result.stdout).toContain(`plot         ${plot}`);
    expect(existsSync(plot)).toBe(true);
  });

  it('per-feature penalties on the validation set over-fit it, and the verdict names the defaults', async () => {
    const result = await run(['--penalties', 'feature', '--cv', '0', '--shrink', '0', '--plot', join(dir, 'f.svg')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^ridge, 118 tuned λ\s/m);
    expect(result.stdout).toMatch(
      /but the test RMSE rose .*118 penalties over-fit the validation set\. The defaults generalize better: try --penalties group --cv 5 --shrink 1\./,
    );
    // 118 penalties summarized by group in the plot: the interactions' bar names its count.
    expect(readFileSync(join(dir, 'f.svg'), 'utf8')).toContain('interactions (102 features)');
  });

  it('prints the help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: implicit-diff/);
    for (const option of [
      '--csv',
      '--target',
      '--json',
      '--seed',
      '--penalties',
      '--cv',
      '--shrink',
      '--impute',
      '--plot',
      '--max-iter',
      '--help',
    ]) {
      expect(result.stdout).toContain(option);
    }
  });
});

describe('a CSV of known structure: y = 2a − b + 0.5·[c = z] + 0.5·noise, eight unrelated columns', () => {
  it('per-feature penalties beat the global one and OLS on the test rows', async () => {
    const flags = ['--penalties', 'feature', '--cv', '0', '--shrink', '0'];
    const result = await run(['--csv', known, '--target', 'y', ...flags, '--json', '--plot', join(dir, 'known.svg')]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.rows).toBe(150);
    // a, b, d1..d8 standardized, c as 2 indicators: 12 main effects and 65 interactions.
    expect(summary.features).toBe(77);
    expect(summary.tuned.validationLoss).toBeLessThan(summary.baseline.validationLoss);
    expect(summary.tuned.testRmse).toBeLessThan(summary.baseline.testRmse);
    expect(summary.baseline.testRmse).toBeLessThan(summary.ols.testRmse);
    expect(summary.hypergradientCheck.maxRelError).toBeLessThan(1e-5);
  });

  it('with penalties by group and no shrinkage it recovers the structure: test RMSE near the noise level 0.5', async () => {
    const flags = ['--shrink', '0'];
    const result = await run(['--csv', known, '--target', 'y', ...flags, '--json', '--plot', join(dir, 'k.svg')]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    // 11 original columns besides the target, plus one group for all interactions.
    expect(summary.hyperparameters).toBe(12);
    expect(summary.tuned.testRmse).toBeLessThan(0.6);
    expect(summary.tuned.testRmse).toBeLessThan(summary.baseline.testRmse);
  });
});

describe('data problems reported, never silently changed', () => {
  it('with --impute, empty and non-numeric cells take the training mean, and the report says which', async () => {
    // x = i except two holes; a constant column k is dropped and listed.
    const rows = [
      'x,k,z,y',
      ...Array.from(
        { length: 30 },
        (_, i) => `${i === 3 ? '' : i === 8 ? 'n/a' : i},7,${(i * 7) % 5},${2 * i + (i % 3)}`,
      ),
    ];
    const path = file('impute.csv', `${rows.join('\n')}\n`);
    const human = await run(['--csv', path, '--target', 'y', '--impute', '--plot', join(dir, 'i.svg')]);
    expect(human.stderr).toBe('');
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^dropped {6}column 'k': constant on the training rows$/m);
    expect(human.stdout).toMatch(/^imputed {6}column 'x': 2 cells \(lines 5, 10\) set to its training mean \d/m);
    const json = await run(['--csv', path, '--target', 'y', '--impute', '--json', '--plot', join(dir, 'i.svg')]);
    const summary = JSON.parse(json.stdout);
    expect(summary.droppedColumns).toEqual(['k']);
    expect(summary.imputed).toHaveLength(1);
    expect(summary.imputed[0]).toMatchObject({ column: 'x', lines: [5, 10] });
    // The mean of x over the training rows, which exclude some of 0..29 but never both holes' values.
    expect(summary.imputed[0].mean).toBeGreaterThan(5);
    expect(summary.imputed[0].mean).toBeLessThan(24);
  });
});

describe.concurrent('bad input: one line on stderr naming the problem, non-zero exit, no stack trace', () => {
  it('a missing file, named', async () => {
    const missing = join(dir, 'no-such-file.csv');
    expectOneLineError(await run(['--csv', missing, '--target', 'y']), 1, /file not found: .*no-such-file\.csv/);
  });

  it('an unknown target column, named', async () => {
    expectOneLineError(await run(['--csv', known, '--target', 'salary']), 1, /unknown target column 'salary'/);
  });

  it('an empty file', async () => {
    expectOneLineError(await run(['--csv', file('empty.csv', ''), '--target', 'y']), 1, /empty\.csv is empty/);
  });

  it('a file of blank lines counts as empty', async () => {
    expectOneLineError(await run(['--csv', file('blank.csv', '\n\n  \n'), '--target', 'y']), 1, /blank\.csv is empty/);
  });

  it('a row with the wrong number of fields, with its line number', async () => {
    const rows = ['x,y', ...Array.from({ length: 20 }, (_, i) => `${i},${2 * i}`)];
    rows.splice(7, 0, '3,4,5'); // becomes line 8 of the file
    const path = file('ragged.csv', `${rows.join('\n')}\n`);
    expectOneLineError(await run(['--csv', path, '--target', 'y']), 1, /line 8 has 3 fields, the header has 2/);
  });

  it('a non-numeric target, with the value and its line number', async () => {
    const rows = ['x,y', ...Array.from({ length: 20 }, (_, i) => `${i},${i === 4 ? 'n/a' : 2 * i}`)];
    const path = file('text-target.csv', `${rows.join('\n')}\n`);
    expectOneLineError(
      await run(['--csv', path, '--target', 'y']),
      1,
      /target column 'y' is not numeric: 'n\/a' on line 6/,
    );
  });

  it('fewer rows than the split needs', async () => {
    const path = file('short.csv', 'x,y\n1,2\n2,4\n3,7\n');
    expectOneLineError(await run(['--csv', path, '--target', 'y']), 1, /needs at least 10 data rows, found 3/);
  });

  it('a header without data rows', async () => {
    const path = file('header-only.csv', 'x,y\n');
    expectOneLineError(await run(['--csv', path, '--target', 'y']), 1, /needs at least 10 data rows, found 0/);
  });

  it('malformed CSV (an unclosed quote)', async () => {
    const path = file('quote.csv', 'x,y\n1,2\n"3,4\n');
    expectOneLineError(await run(['--csv', path, '--target', 'y']), 1, /quote\.csv: malformed CSV/);
  });

  it('a numeric column with empty and non-numeric cells, each with its line, and the way out', async () => {
    const rows = [
      'x,z,y',
      ...Array.from({ length: 30 }, (_, i) => `${i === 3 ? '' : i === 8 ? 'n/a' : i},${i % 3},${i}`),
    ];
    const path = file('holes.csv', `${rows.join('\n')}\n`);
    expectOneLineError(
      await run(['--csv', path, '--target', 'y']),
      1,
      /holes\.csv: numeric column 'x' has 2 cells that are not numbers: line 5 \(empty\), line 10 'n\/a'; fix the file, or pass --impute/,
    );
  });

  it('lists at most five bad cells and counts the rest', async () => {
    const rows = ['x,y', ...Array.from({ length: 30 }, (_, i) => `${i % 4 === 0 ? '?' : i},${i}`)];
    const path = file('many-holes.csv', `${rows.join('\n')}\n`);
    expectOneLineError(
      await run(['--csv', path, '--target', 'y']),
      1,
      /has 8 cells that are not numbers: line 2 '\?', line 6 '\?', line 10 '\?', line 14 '\?', line 18 '\?' and 3 more;/,
    );
  });

  it('a plot path in a directory that does not exist, before any work', async () => {
    const plot = join(dir, 'no-such-dir', 'p.svg');
    expectOneLineError(await run(['--plot', plot]), 1, /cannot write the plot to .*no-such-dir.*: no directory/);
  });

  it('a directory instead of a file', async () => {
    expectOneLineError(await run(['--csv', dir, '--target', 'y']), 1, /is a directory/);
  });

  it.each([
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['--csv', 'data.csv'], /--csv needs --target COLUMN/],
    [['--seed', 'abc'], /--seed must be an integer, got 'abc'/],
    [['--max-iter=-3'], /--max-iter must be an integer ≥ 0, got '-3'/],
    [['--max-iter', '-3'], /'--max-iter' argument is ambiguous\. Did you forget/],
    [['--cv', '1'], /--cv must be 0 \(the validation set\) or an integer ≥ 2, got '1'/],
    [['--cv', '-2'], /'--cv' argument is ambiguous/],
    [['--cv=-2'], /--cv must be an integer ≥ 0, got '-2'/],
    [['--penalties', 'column'], /--penalties must be 'group' or 'feature', got 'column'/],
    [['--shrink', 'lots'], /--shrink must be a number ≥ 0, got 'lots'/],
    [['--shrink=-1'], /--shrink must be a number ≥ 0, got '-1'/],
    [['--groups'], /Unknown option '--groups'/],
    [['--plot'], /argument missing/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('usage error %j exits 2', async (args, pattern) => {
    expectOneLineError(await run(args), 2, pattern);
  });
});
