import { describe, expect, test } from 'vitest';
import { solveQP } from '../../src/qp/solve-qp.js';
import { cases } from '../fixtures/qp/reference.js';
import { fixtureProblem, maxAbs, maxAbsDiff } from './problems.js';

// Reference solutions from scipy (trust-constr polished on its active set, or HiGHS for LPs):
// test/fixtures/qp/generate.py.

/** ‖Mx‖∞ for M an array of rows. */
function productNorm(M: number[][], x: ArrayLike<number>): number {
  return maxAbs(M.map((row) => row.reduce((s, v, j) => s + v * x[j], 0)));
}

describe('solveQP against scipy', () => {
  for (const reference of cases.filter((c) => c.status === 'optimal')) {
    test(reference.name, () => {
      const solution = solveQP(fixtureProblem(reference));
      expect(solution.status).toBe('optimal');
      const x = reference.x as number[];
      // Polished: the active set's KKT system solved exactly.
      expect(solution.report.polished).toBe(true);
      expect(maxAbsDiff(solution.x, x)).toBeLessThan(1e-12 * Math.max(1, maxAbs(x)));
      // The interior-point iterate itself, to its tolerance; without strict complementarity it
      // approaches x* as √μ, not μ.
      const iterate = solveQP(fixtureProblem(reference), { polish: false });
      expect(iterate.report.polished).toBe(false);
      const accuracy = reference.name.startsWith('weakly active') ? 2e-5 : 1e-7;
      expect(maxAbsDiff(iterate.x, x)).toBeLessThan(accuracy * Math.max(1, maxAbs(x)));
      const objective = reference.objective as number;
      expect(Math.abs(solution.report.objective - objective)).toBeLessThan(1e-9 * Math.max(1, Math.abs(objective)));
      expect(solution.report.gap).toBeLessThanOrEqual(1e-10);
      expect(solution.report.primalResidual).toBeLessThanOrEqual(1e-10);
      expect(solution.report.dualResidual).toBeLessThanOrEqual(1e-10);
      // Multipliers are nonnegative and the bound multipliers vanish where there is no bound.
      for (const l of [solution.lambda, solution.lambdaLower, solution.lambdaUpper]) {
        for (const v of l) expect(v).toBeGreaterThanOrEqual(0);
      }
      for (let i = 0; i < reference.n; i++) {
        if (reference.lower[i] === null) expect(solution.lambdaLower[i]).toBe(0);
        if (reference.upper[i] === null) expect(solution.lambdaUpper[i]).toBe(0);
      }
    });
  }

  for (const reference of cases.filter((c) => c.status === 'infeasible')) {
    test(`${reference.name}: a Farkas certificate`, () => {
      const problem = fixtureProblem(reference);
      const solution = solveQP(problem);
      expect(solution.status).toBe('infeasible');
      const certificate = solution.report.certificate as { nu: Float64Array; lambda: Float64Array };
      // Stacked rows: G, finite upper bounds (eᵢ), finite lower bounds (−eᵢ).
      const n = reference.n;
      const rows: number[][] = [...reference.G];
      const rhs: number[] = [...reference.h];
      reference.upper.forEach((u, i) => {
        if (u === null) return;
        rows.push(Array.from({ length: n }, (_, j) => (j === i ? 1 : 0)));
        rhs.push(u);
      });
      reference.lower.forEach((l, i) => {
        if (l === null) return;
        rows.push(Array.from({ length: n }, (_, j) => (j === i ? -1 : 0)));
        rhs.push(-l);
      });
      const { nu, lambda } = certificate;
      for (const v of lambda) expect(v).toBeGreaterThanOrEqual(0);
      const combination = new Float64Array(n);
      const accumulate = (M: number[][], y: ArrayLike<number>) => {
        for (let i = 0; i < M.length; i++) for (let j = 0; j < n; j++) combination[j] += M[i][j] * y[i];
      };
      accumulate(reference.A, nu);
      accumulate(rows, lambda);
      const bound = reference.b.reduce((s, v, i) => s + v * nu[i], 0) + rhs.reduce((s, v, i) => s + v * lambda[i], 0);
      expect(bound).toBeCloseTo(-1, 12);
      expect(maxAbs(combination)).toBeLessThan(1e-7);
    });
  }

  for (const reference of cases.filter((c) => c.status === 'unbounded')) {
    test(`${reference.name}: a direction of unbounded descent`, () => {
      const solution = solveQP(fixtureProblem(reference));
      expect(solution.status).toBe('unbounded');
      const d = (solution.report.certificate as { x: Float64Array }).x;
      const n = reference.n;
      const Q = Array.from({ length: n }, (_, i) => reference.Q.slice(i * n, (i + 1) * n));
      expect(reference.c.reduce((s, v, i) => s + v * d[i], 0)).toBeCloseTo(-1, 12);
      expect(productNorm(Q, d)).toBeLessThan(1e-7 * maxAbs(d));
      expect(productNorm(reference.A, d)).toBeLessThan(1e-7 * maxAbs(d));
      for (const row of reference.G) expect(row.reduce((s, v, j) => s + v * d[j], 0)).toBeLessThan(1e-7 * maxAbs(d));
      for (let i = 0; i < n; i++) {
        if (reference.upper[i] !== null) expect(d[i]).toBeLessThan(1e-7 * maxAbs(d));
        if (reference.lower[i] !== null) expect(d[i]).toBeGreaterThan(-1e-7 * maxAbs(d));
      }
    });
  }

  test('the weakly active constraint is reported', () => {
    const reference = cases.find((c) => c.name === 'weakly active constraint');
    const solution = solveQP(fixtureProblem(reference as (typeof cases)[number]));
    expect(solution.report.weaklyActive).toEqual([{ row: 0 }]);
    expect(solution.report.active).toEqual([{ row: 0 }, { row: 1 }]);
    expect(solution.report.warnings.join(' ')).toMatch(/weakly active/);
  });
});
