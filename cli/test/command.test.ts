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
  it('prints one JSON summary with --json: tuning lowers the validation loss, the hypergradient checks', async () => {
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
    });
    // One penalty per feature, dozens of them.
    expect(summary.features).toBeGreaterThan(100);
    expect(summary.hyperparameters).toBe(summary.features);
    expect(summary.iterations).toBeGreaterThan(0);
    expect(summary.seconds).toBeGreaterThan(0);
    expect(summary.baseline.lambda).toBeGreaterThan(0);
    expect(summary.tuned.validationLoss).toBeLessThan(summary.baseline.validationLoss);
    expect(summary.baseline.validationLoss).toBeLessThan(summary.ols.validationLoss);
    expect(summary.hypergradientCheck.maxRelError).toBeLessThan(1e-5);
    for (const model of [summary.ols, summary.baseline, summary.tuned]) {
      expect(Number.isFinite(model.testRmse) && model.testRmse > 0).toBe(true);
    }
    const svg = readFileSync(plot, 'utf8');
    expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('per L-BFGS iteration');
    expect(svg).toContain('learned penalty per feature');
    expect(svg).toContain('education*experience'); // an interaction's label on the penalty axis
  });

  it('prints the table without progress escapes when stdout is not a terminal', async () => {
    const plot = join(dir, 'groups.svg');
    const result = await run(['--groups', '--cv', '5', '--plot', plot]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).not.toContain('\x1b');
    expect(result.stdout).not.toContain('\r');
    expect(result.stdout).toMatch(/^OLS\s/m);
    expect(result.stdout).toMatch(/^ridge, one λ by grid search\s/m);
    expect(result.stdout).toMatch(/^ridge, 11 tuned λ\s/m);
    expect(result.stdout).toContain('5-fold CV loss');
    expect(result.stdout).toContain(`plot         ${plot}`);
    expect(existsSync(plot)).toBe(true);
  });

  it('prints the help and exits 0', async () => {
    const result = await run(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: implicit-diff/);
    for (const option of ['--csv', '--target', '--json', '--seed', '--groups', '--plot', '--max-iter', '--help']) {
      expect(result.stdout).toContain(option);
    }
  });
});

describe('a CSV of known structure: y = 2a − b + 0.5·[c = z] + 0.5·noise, eight unrelated columns', () => {
  it('per-feature penalties beat the global one and OLS on the test rows', async () => {
    const result = await run(['--csv', known, '--target', 'y', '--json', '--plot', join(dir, 'known.svg')]);
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

  it('with --groups it recovers the structure: test RMSE near the noise level 0.5', async () => {
    const result = await run(['--csv', known, '--target', 'y', '--groups', '--json', '--plot', join(dir, 'k.svg')]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    // 11 original columns besides the target, plus one group for all interactions.
    expect(summary.hyperparameters).toBe(12);
    expect(summary.tuned.testRmse).toBeLessThan(0.6);
    expect(summary.tuned.testRmse).toBeLessThan(summary.baseline.testRmse);
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
    [['--cv', '1'], /--cv must be an integer ≥ 2, got '1'/],
    [['--plot'], /argument missing/],
    [['extra'], /Unexpected argument 'extra'/],
  ])('usage error %j exits 2', async (args, pattern) => {
    expectOneLineError(await run(args), 2, pattern);
  });
});
