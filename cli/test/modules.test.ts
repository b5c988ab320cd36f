// The command's modules one by one: CSV parsing and typing, the split, the features, the optimizer,
// the gradient check and the options.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/args.js';
import { parseDataset, parseNumber } from '../src/dataset.js';
import { CliError, UsageError } from '../src/errors.js';
import { buildFeatures, INTERACTIONS } from '../src/features.js';
import { checkHypergradient } from '../src/gradcheck.js';
import { lbfgs } from '../src/optimize.js';
import { permutation, splitRows } from '../src/split.js';

const wagesCsv = readFileSync(new URL('../data/berndt-cps-wages-1985.csv', import.meta.url), 'utf8');

describe('parseDataset', () => {
  it('types columns: numeric when every value is a decimal number, else categorical', () => {
    const data = parseDataset('\uFEFFx,"label, quoted",y\n1,a,2\n-2.5e1, b ,3\n\n.5,a,4\n', 't.csv', 'y', false);
    expect(data.rows).toBe(3);
    expect([...data.y]).toEqual([2, 3, 4]);
    expect(data.columns.map((c) => [c.name, c.kind])).toEqual([
      ['x', 'numeric'],
      ['label, quoted', 'categorical'],
    ]);
    const [x, label] = data.columns;
    expect(x.kind === 'numeric' && [...x.values]).toEqual([1, -25, 0.5]);
    expect(label.kind === 'categorical' && label.levels).toEqual(['a', 'b']);
  });

  it('takes log of the target when asked, and names the line of a non-positive value', () => {
    expect([...parseDataset('x,y\n1,1\n2,10\n', 't.csv', 'y', true).y]).toEqual([0, Math.log(10)]);
    expect(() => parseDataset('x,y\n1,1\n\n2,0\n', 't.csv', 'y', true)).toThrow(/positive values, got 0 on line 4/);
  });

  it('numbers are decimal literals only', () => {
    expect(parseNumber(' 42 ')).toBe(42);
    expect(parseNumber('1e-3')).toBe(0.001);
    for (const text of ['', ' ', '0x10', 'Infinity', 'NaN', '1,5', '1e999', '--1'])
      expect(parseNumber(text)).toBeUndefined();
  });

  it.each([
    ['', /t\.csv is empty/],
    ['x,x,y\n1,2,3\n', /column 'x' appears twice/],
    ['x,,y\n1,2,3\n', /header field 2 is blank/],
    ['x,z\n1,2\n', /unknown target column 'y' \(columns: x, z\)/],
    ['x,y\n1,2\n"a\nb",3,4\n', /line 4 has 3 fields, the header has 2/],
    ['x,y\n1,2\n2,\n', /target column 'y' is not numeric: '' on line 3/],
  ])('rejects %j', (text, message) => {
    expect(() => parseDataset(text, 't.csv', 'y', false)).toThrow(CliError);
    expect(() => parseDataset(text, 't.csv', 'y', false)).toThrow(message);
  });

  it('refuses a numeric column with empty or non-numeric cells, naming lines; with impute marks them NaN', () => {
    const text = 'x,c,y\n1,a,1\n,b,2\n3,a,3\nn/a,b,4\n5,a,5\n';
    expect(() => parseDataset(text, 't.csv', 'y', false)).toThrow(
      "t.csv: numeric column 'x' has 2 cells that are not numbers: line 3 (empty), line 5 'n/a';",
    );
    const data = parseDataset(text, 't.csv', 'y', false, true);
    const [x] = data.columns;
    expect(x.kind).toBe('numeric');
    expect(x.kind === 'numeric' && [...x.values]).toEqual([1, Number.NaN, 3, Number.NaN, 5]);
    expect(x.kind === 'numeric' && x.imputeLines).toEqual([3, 5]);
    // A column of mostly text, with a few numbers, stays categorical.
    const labels = parseDataset('k,y\na,1\nb,2\n3,3\n', 't.csv', 'y', false).columns[0];
    expect(labels.kind === 'categorical' && labels.levels).toEqual(['a', 'b', '3']);
  });

  it('reads the embedded wages data: 534 rows, 10 feature columns, 4 of them categorical', () => {
    const data = parseDataset(wagesCsv, 'wages', 'wage', true);
    expect(data.rows).toBe(534);
    expect(data.target).toBe('log(wage)');
    expect(data.columns.filter((c) => c.kind === 'categorical').map((c) => c.name)).toEqual([
      'gender',
      'race',
      'occupation',
      'sector',
    ]);
  });
});

describe('splitRows', () => {
  it('cuts 60/20/20 into disjoint parts covering every row, reproducibly', () => {
    const a = splitRows(534, 3);
    expect([a.train.length, a.validation.length, a.test.length]).toEqual([320, 107, 107]);
    const all = [...a.train, ...a.validation, ...a.test].sort((u, v) => u - v);
    expect(all).toEqual(Array.from({ length: 534 }, (_, i) => i));
    expect(splitRows(534, 3)).toEqual(a);
    expect([...splitRows(534, 4).train]).not.toEqual([...a.train]);
  });

  it('shuffles uniformly enough: each row lands in each position about equally often', () => {
    const n = 5;
    const counts = Array.from({ length: n }, () => new Array(n).fill(0));
    const trials = 5000;
    for (let s = 0; s < trials; s++) {
      const p = permutation(n, s);
      for (let i = 0; i < n; i++) counts[i][p[i]]++;
    }
    // Each cell is Binomial(5000, 0.2): mean 1000, standard deviation 28.
    for (const row of counts) for (const c of row) expect(Math.abs(c - trials / n)).toBeLessThan(150);
  });

  it('refuses fewer than 10 rows', () => {
    expect(() => splitRows(9, 0)).toThrow(/at least 10 data rows, found 9/);
    expect(splitRows(10, 0).validation.length).toBe(2);
  });
});

describe('buildFeatures', () => {
  const text = 'n,c,y\n1,a,1\n2,b,2\n3,a,3\n4,c,4\n5,b,5\n6,a,6\n';
  const data = parseDataset(text, 't.csv', 'y', false);
  const rows = Int32Array.from([0, 1, 2, 3, 4, 5]);

  it('standardizes numeric columns on the training rows, one-hot codes the others with a reference level', () => {
    const f = buildFeatures(data, rows, false);
    // Reference level: 'a', the most frequent.
    expect(f.names).toEqual(['n', 'c=b', 'c=c']);
    const column = (j: number) => Array.from({ length: f.rows }, (_, i) => f.X[i * f.p + j]);
    const n = column(0);
    const mean = n.reduce((s, v) => s + v, 0) / 6;
    const variance = n.reduce((s, v) => s + (v - mean) ** 2, 0) / 6;
    expect(mean).toBeCloseTo(0, 14);
    expect(variance).toBeCloseTo(1, 14);
    expect(column(1)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(column(2)).toEqual([0, 0, 0, 1, 0, 0]);
  });

  it('adds products of columns from different original columns only, and groups them', () => {
    const f = buildFeatures(data, rows, true);
    expect(f.names).toEqual(['n', 'c=b', 'c=c', 'n*c=b', 'n*c=c']);
    expect(f.groupNames).toEqual(['n', 'c', INTERACTIONS]);
    expect([...f.groupOf]).toEqual([0, 1, 1, 2, 2]);
    expect(f.X[1 * f.p + 3]).toBeCloseTo(f.X[1 * f.p + 0], 14); // row 1 has c = b
  });

  it('leaves out what is constant on the training rows, and fails when nothing is left', () => {
    const constant = parseDataset('k,c,y\n1,a,1\n1,a,2\n1,b,3\n', 't.csv', 'y', false);
    const f = buildFeatures(constant, Int32Array.from([0, 1, 2]), true);
    expect(f.names).toEqual(['c=b']);
    expect(f.dropped).toEqual(['k']);
    expect(() => buildFeatures(constant, Int32Array.from([0, 1]), true)).toThrow(/no usable feature/);
  });

  it('imputes marked cells with the mean of the training rows only, and drops a column with no number there', () => {
    const holes = parseDataset('x,h,y\n1,,1\n,2,2\n4,,3\n100,4,4\n', 't.csv', 'y', false, true);
    // Training rows 0..2: x's numbers there are 1 and 4 (mean 2.5; row 3's 100 is not training); h has
    // 2 on row 1 alone, so it is constant on the training rows once imputed.
    const f = buildFeatures(holes, Int32Array.from([0, 1, 2]), false);
    expect(f.imputed).toEqual([
      { column: 'x', lines: [3], mean: 2.5 },
      { column: 'h', lines: [2, 4], mean: 2 },
    ]);
    expect(f.dropped).toEqual(['h']);
    expect(f.names).toEqual(['x']);
    const sd = Math.sqrt(((1 - 2.5) ** 2 + 0 + (4 - 2.5) ** 2) / 3);
    expect(f.X[1]).toBeCloseTo(0, 14); // the imputed cell standardizes to 0
    expect(f.X[3]).toBeCloseTo((100 - 2.5) / sd, 12);
    const empty = parseDataset('x,z,y\n,1,1\n,2,2\n5,3,3\n', 't.csv', 'y', false, true);
    expect(buildFeatures(empty, Int32Array.from([0, 1]), false).dropped).toEqual(['x']);
  });

  it('builds the wages features: 16 main effects and 104 interactions (DESIGN §9 counts 4 empty ones too)', () => {
    const wages = parseDataset(wagesCsv, 'wages', 'wage', true);
    const all = Int32Array.from({ length: wages.rows }, (_, i) => i);
    // 6 numeric columns, and gender, race, occupation, sector with 2, 3, 6, 3 levels: 6 + 1 + 2 + 5 + 2.
    expect(buildFeatures(wages, all, false).p).toBe(16);
    // 108 products of columns from different original columns, of which 4 are zero on every row
    // (no Hispanic and no manager, sales or service worker in construction).
    const f = buildFeatures(wages, all, true);
    expect(f.p).toBe(120);
    expect(f.names).not.toContain('race=hispanic*sector=construction');
    expect(f.groupNames).toHaveLength(11);
  });
});

describe('lbfgs', () => {
  const rosenbrock = (x: Float64Array) => {
    const [a, b] = x;
    return {
      value: (1 - a) ** 2 + 100 * (b - a * a) ** 2,
      grad: Float64Array.of(-2 * (1 - a) - 400 * a * (b - a * a), 200 * (b - a * a)),
    };
  };

  it('minimizes the Rosenbrock function from (−1.2, 1)', () => {
    const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), -10, 10, { maxIter: 200, gradTol: 0, relTol: 0 });
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
    for (let i = 1; i < r.history.length; i++) expect(r.history[i]).toBeLessThanOrEqual(r.history[i - 1]);
  });

  it('stops at the bound when the minimum lies outside the box, with a zero projected gradient', () => {
    // f = Σ (xᵢ − cᵢ)² with c = (3, −0.5, 0) on the box [−1, 2]: minimizer (2, −0.5, 0).
    const c = [3, -0.5, 0];
    const f = (x: Float64Array) => ({
      value: x.reduce((s, v, i) => s + (v - c[i]) ** 2, 0) + 1,
      grad: x.map((v, i) => 2 * (v - c[i])),
    });
    const r = lbfgs(f, Float64Array.of(0, 0, 1.5), -1, 2);
    expect(r.reason).toBe('gradient');
    expect([...r.x].map((v) => Number(v.toFixed(6)))).toEqual([2, -0.5, 0]);
  });

  it('respects the iteration limit', () => {
    const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), -10, 10, { maxIter: 3 });
    expect(r.iterations).toBe(3);
    expect(r.reason).toBe('max-iter');
    expect(r.history).toHaveLength(4);
  });
});

describe('checkHypergradient', () => {
  it('reports a small difference for a correct gradient and a large one for a wrong one', () => {
    const loss = (t: Float64Array) => Math.exp(t[0]) + Math.sin(t[1]) * t[0];
    const right = (t: Float64Array) => ({
      loss: loss(t),
      grad: Float64Array.of(Math.exp(t[0]) + Math.sin(t[1]), Math.cos(t[1]) * t[0]),
    });
    const wrong = (t: Float64Array) => ({
      loss: loss(t),
      grad: Float64Array.of(Math.exp(t[0]), Math.cos(t[1]) * t[0]),
    });
    const at = Float64Array.of(0.3, 1.1);
    expect(checkHypergradient(right, loss, at).maxRelError).toBeLessThan(1e-9);
    expect(checkHypergradient(wrong, loss, at).maxRelError).toBeGreaterThan(0.1);
  });
});

describe('parseOptions', () => {
  it('has defaults for the embedded data', () => {
    expect(parseOptions([])).toMatchObject({
      csv: undefined,
      logTarget: true,
      seed: 0,
      groups: true,
      folds: 5,
      shrink: 1,
      impute: false,
      interactions: true,
      maxIter: 100,
      json: false,
    });
  });

  it('reads every option', () => {
    const o = parseOptions(
      [
        '--csv',
        'a.csv',
        '--target',
        'y',
        '--seed',
        '7',
        '--penalties',
        'feature',
        '--cv',
        '0',
        '--no-interactions',
      ].concat(['--shrink', '0.25', '--impute', '--plot', 'p.svg', '--max-iter', '12', '--json']),
    );
    expect(o).toMatchObject({ csv: 'a.csv', target: 'y', logTarget: false, seed: 7, groups: false, folds: 0 });
    expect(o).toMatchObject({ shrink: 0.25, impute: true });
    expect(o).toMatchObject({ interactions: false, plot: 'p.svg', maxIter: 12, json: true });
  });

  it('throws UsageError on bad options', () => {
    expect(() => parseOptions(['--csv', 'a.csv'])).toThrow(UsageError);
    expect(() => parseOptions(['--seed', '1.5'])).toThrow(/--seed must be an integer, got '1.5'/);
    expect(() => parseOptions(['--nope'])).toThrow(UsageError);
  });
});
