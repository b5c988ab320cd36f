// The report's pieces that hold logic: durations, the headline, and the plot's penalty bars.
import { describe, expect, it } from 'vitest';
import { gridSearchCost, type JobResult } from '../src/pipeline.js';
import { MAX_BARS, penaltyBars } from '../src/plot-spec.js';
import { duration, headline } from '../src/report.js';

/** A run's result with only the fields the functions under test read. */
function result(fields: Partial<JobResult>): JobResult {
  return {
    baseline: { lambda: 10, validationLoss: 0.1, testRmse: 0.5 },
    tuned: { validationLoss: 0.09, testRmse: 0.45 },
    ols: { lambda: 0, validationLoss: 0.2, testRmse: 0.7 },
    ...fields,
  } as JobResult;
}

describe('duration', () => {
  const year = 365.25 * 86400;
  it.each([
    [0.0123, '0.012 s'],
    [59, '59 s'],
    [90, '1.5 minutes'],
    [7200, '2 hours'],
    [3 * 86400, '3 days'],
    [2.5 * year, '2.5 years'],
    [1e20 * year, '1.0e+20 years'],
  ])('%d s is %s', (seconds, text) => {
    expect(duration(Math.log10(seconds))).toBe(text);
  });

  it('beyond the range of doubles, as a power of ten', () => {
    expect(duration(400 + Math.log10(year))).toBe('10^400 years');
  });
});

describe('headline', () => {
  it('compares the test errors and prices the grid search at the measured seconds per evaluation', () => {
    const top = headline(
      result({
        hyperparameters: 3,
        evaluations: 8,
        folds: 5,
        tuningSeconds: 0.4,
        gridSearch: gridSearchCost(3, 0.05),
      }),
    );
    expect(top.test).toBe(
      'test RMSE: tuned penalties 0.4500 (10.0% below one λ), one λ by grid search 0.5000, OLS 0.7000',
    );
    expect(top.tuning).toBe('tuned 3 penalties in 8 hypergradient evaluations, 5 fits each, 0.40 s');
    expect(
      headline(
        result({
          hyperparameters: 2,
          evaluations: 1,
          folds: 0,
          tuningSeconds: 0.0031,
          gridSearch: gridSearchCost(2, 0.0031),
        }),
      ).tuning,
    ).toBe('tuned 2 penalties in 1 hypergradient evaluation, 0.0031 s');
    expect(top.grid).toBe(
      'a grid search over 3 penalties at 10 values each: 1,000 evaluations, about 50 s at 0.050 s each',
    );
  });
});

describe('gridSearchCost', () => {
  it('10^m evaluations at the measured seconds each, in logs too', () => {
    expect(gridSearchCost(11, 0.02)).toEqual({
      valuesEach: 10,
      evaluations: 1e11,
      log10Evaluations: 11,
      seconds: 1e11 * 0.02,
      log10Seconds: 11 + Math.log10(0.02),
    });
    // 400 penalties: 10⁴⁰⁰ evaluations overflow a double, their logarithm does not.
    const huge = gridSearchCost(400, 0.1);
    expect(huge.evaluations).toBe(Number.POSITIVE_INFINITY);
    expect(huge.log10Evaluations).toBe(400);
    expect(huge.log10Seconds).toBeCloseTo(399, 12);
  });
});

describe('penaltyBars', () => {
  const groupsOf = (p: number, groups: number) => Array.from({ length: p }, (_, j) => `g${j % groups}`);

  it('one bar per group penalty, labelled by the group', () => {
    const featureGroups = ['a', 'a', 'b', 'interactions'];
    const bars = penaltyBars(
      result({
        groups: true,
        featureGroups,
        featureNames: ['a1', 'a2', 'b', 'a1*b'],
        lambdas: Float64Array.of(10, 10, 1000, 0.1),
      }),
    );
    expect(bars).toEqual([
      { label: 'a', median: 1, min: 1, max: 1, count: 1 },
      { label: 'b', median: 3, min: 3, max: 3, count: 1 },
      { label: 'interactions', median: -1, min: -1, max: -1, count: 1 },
    ]);
  });

  it('few per-feature penalties: one bar each, labelled by the feature', () => {
    const names = ['u', 'v', 'w'];
    const bars = penaltyBars(
      result({
        groups: false,
        featureGroups: ['a', 'a', 'b'],
        featureNames: names,
        lambdas: Float64Array.of(1, 100, 10),
      }),
    );
    expect(bars.map((b) => [b.label, b.median])).toEqual([
      ['u', 0],
      ['v', 2],
      ['w', 1],
    ]);
  });

  it('many per-feature penalties: a median and a range per group, its size in the label', () => {
    const p = 40;
    const lambdas = Float64Array.from({ length: p }, (_, j) => 10 ** (j % 4 === 0 ? j / 4 : 1));
    const bars = penaltyBars(
      result({ groups: false, featureGroups: groupsOf(p, 4), featureNames: groupsOf(p, p), lambdas }),
    );
    expect(bars).toHaveLength(4);
    // Group g0 holds j = 0, 4, …, 36: log₁₀ λ = 0, 1, …, 9.
    expect(bars[0]).toEqual({ label: 'g0 (10 features)', median: 4.5, min: 0, max: 9, count: 10 });
    expect(bars[1]).toMatchObject({ label: 'g1 (10 features)', median: 1, min: 1, max: 1 });
  });

  it('more groups than bars: those furthest from the single λ, and the rest pooled', () => {
    const m = 30;
    const labels = groupsOf(m, m);
    // Group k moves k/10 decades from the single λ (10¹).
    const lambdas = Float64Array.from({ length: m }, (_, k) => 10 ** (1 + k / 10));
    const bars = penaltyBars(result({ groups: true, featureGroups: labels, featureNames: labels, lambdas }));
    expect(bars).toHaveLength(MAX_BARS);
    expect(bars.slice(0, -1).map((b) => b.label)).toEqual(labels.slice(m - MAX_BARS + 1));
    expect(bars.at(-1)).toMatchObject({ label: `other (${m - MAX_BARS + 1} groups)`, min: 1, count: m - MAX_BARS + 1 });
  });
});
