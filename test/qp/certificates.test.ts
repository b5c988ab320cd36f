import { describe, expect, test } from 'vitest';
import { solveQP } from '../../src/qp/solve-qp.js';
import { gaussian, rng } from '../helpers/random.js';
import { maxAbs } from './problems.js';

// Random infeasible and unbounded QPs of several sizes; each certificate is checked here against
// its definition (Farkas: λ ≥ 0, Aᵀν + Gᵀλ = 0, bᵀν + hᵀλ < 0; unboundedness: Qd = 0, Ad = 0,
// Gd ≤ 0, cᵀd < 0).

const times = (M: number[][], x: ArrayLike<number>) => M.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
const timesT = (M: number[][], y: ArrayLike<number>, n: number) => {
  const out = new Array<number>(n).fill(0);
  M.forEach((row, i) => {
    for (let j = 0; j < n; j++) out[j] += row[j] * y[i];
  });
  return out;
};

describe('certificates on random problems', () => {
  for (const n of [5, 20, 50]) {
    test(`infeasible, n = ${n}: two inequalities that contradict each other among random ones`, () => {
      const g = gaussian(rng(n));
      const M = Array.from({ length: n }, () => Array.from({ length: n }, g));
      const Q = M.map((_, i) => M.map((_, j) => M.reduce((s, row) => s + row[i] * row[j], 0) / n));
      const x0 = Array.from({ length: n }, g);
      const G = Array.from({ length: n }, () => Array.from({ length: n }, g));
      const h = times(G, x0).map((v) => v + Math.abs(g()));
      // −G₀x ≤ −h₀ − 1 contradicts G₀x ≤ h₀.
      G.push(G[0].map((v) => -v));
      h.push(-h[0] - 1);
      const A = [Array.from({ length: n }, g)];
      const b = times(A, x0);
      const solution = solveQP({ Q, c: Array.from({ length: n }, g), A, b, G, h });
      expect(solution.status).toBe('infeasible');
      const { nu, lambda } = solution.report.certificate as { nu: Float64Array; lambda: Float64Array };
      for (const v of lambda) expect(v).toBeGreaterThanOrEqual(0);
      const combination = timesT(A, nu, n).map((v, j) => v + timesT(G, lambda, n)[j]);
      expect(maxAbs(combination)).toBeLessThan(1e-6 * maxAbs(lambda));
      const value = b.reduce((s, v, i) => s + v * nu[i], 0) + h.reduce((s, v, i) => s + v * lambda[i], 0);
      expect(value).toBeCloseTo(-1, 10);
    });

    test(`unbounded, n = ${n}: Q singular along a direction that every constraint allows`, () => {
      const g = gaussian(rng(100 + n));
      const d = Array.from({ length: n }, g);
      // M's rows orthogonal to d, so Qd = 0 for Q = MᵀM.
      const dd = d.reduce((s, v) => s + v * v, 0);
      const M = Array.from({ length: n }, () => {
        const row = Array.from({ length: n }, g);
        const t = row.reduce((s, v, j) => s + v * d[j], 0) / dd;
        return row.map((v, j) => v - t * d[j]);
      });
      const Q = M.map((_, i) => M.map((_, j) => M.reduce((s, row) => s + row[i] * row[j], 0) / n));
      for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) Q[j][i] = Q[i][j];
      // Rows with Gᵢd ≤ 0; c with cᵀd < 0.
      const G = Array.from({ length: n }, () => {
        const row = Array.from({ length: n }, g);
        return row.reduce((s, v, j) => s + v * d[j], 0) > 0 ? row.map((v) => -v) : row;
      });
      const h = Array.from({ length: n }, () => Math.abs(g()));
      const c = Array.from({ length: n }, g);
      const cd = c.reduce((s, v, j) => s + v * d[j], 0);
      const cc = c.map((v, j) => v - ((cd + 1) / dd) * d[j]);
      const solution = solveQP({ Q, c: cc, G, h });
      expect(solution.status).toBe('unbounded');
      const x = (solution.report.certificate as { x: Float64Array }).x;
      const scale = maxAbs(x);
      expect(cc.reduce((s, v, j) => s + v * x[j], 0)).toBeCloseTo(-1, 10);
      expect(maxAbs(times(Q, x))).toBeLessThan(1e-6 * scale);
      for (const v of times(G, x)) expect(v).toBeLessThan(1e-6 * scale);
    });
  }

  test('a badly scaled but bounded QP is solved, not declared unbounded', () => {
    // Curvature 1e-6 along e₁ against ‖Q‖ = 1e6: x* = −Q⁻¹c = (−1e-6, −1e6), the inequality inactive.
    const solution = solveQP({
      Q: [
        [1e6, 0],
        [0, 1e-6],
      ],
      c: [1, 1],
      G: [[1, 1]],
      h: [1e3],
    });
    expect(solution.status).toBe('optimal');
    expect(Math.abs(solution.x[0] + 1e-6)).toBeLessThan(1e-12);
    expect(Math.abs(solution.x[1] + 1e6) / 1e6).toBeLessThan(1e-9);
  });
});
