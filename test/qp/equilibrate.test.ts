import { describe, expect, test } from 'vitest';
import { solveQP } from '../../src/qp/solve-qp.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';
import { cases } from '../fixtures/qp/reference.js';
import { fixtureProblem, maxAbs, maxAbsDiff, randomQP } from './problems.js';

// Ruiz equilibration (solveQP's `equilibrate`, default true) on a badly scaled QP: a well-scaled
// random QP in x rewritten in y = D⁻¹x with D spanning 10^±k, and its inequality rows multiplied by
// factors spanning 10^±k. The two problems have one solution up to x = D·y; the reference is the
// well-scaled one's, solved here by the same code (its own accuracy is checked against scipy in
// fixtures.test.ts).

function badlyScaled(k: number) {
  const n = 30;
  const m = 40;
  const { Q: Q0, c: c0, G: G0, h: h0, A: A0, b } = randomQP(n, m, 5, 3);
  const d = Array.from({ length: n }, (_, i) => 10 ** (k * ((2 * i) / (n - 1) - 1)));
  const e = Array.from({ length: m }, (_, i) => 10 ** (k * ((2 * ((7 * i) % m)) / (m - 1) - 1)));
  return {
    reference: { Q: Q0, c: c0, G: G0, h: h0, A: A0, b },
    scaled: {
      Q: Q0.map((row, i) => row.map((v, j) => d[i] * v * d[j])),
      c: c0.map((v, i) => d[i] * v),
      G: G0.map((row, r) => row.map((v, j) => e[r] * v * d[j])),
      h: h0.map((v, r) => e[r] * v),
      A: A0.map((row) => row.map((v, j) => v * d[j])),
      b,
    },
    d,
  };
}

describe('Ruiz equilibration rescues a badly scaled QP', () => {
  for (const k of [4, 5, 6]) {
    for (const format of ['dense', 'sparse'] as const) {
      test(`scales 10^±${k}, ${format}: the solution of the well-scaled problem, polished`, () => {
        const { reference, scaled, d } = badlyScaled(k);
        const expected = solveQP(reference);
        expect(expected.status).toBe('optimal');
        const problem = format === 'sparse' ? { ...scaled, G: SparseMatrix.fromDense(scaled.G) } : scaled;
        const solution = solveQP(problem);
        expect(solution.status).toBe('optimal');
        expect(solution.report.polished).toBe(true);
        expect(solution.report.weaklyActive).toEqual([]);
        const x = Array.from(solution.x, (v, i) => d[i] * v);
        expect(maxAbsDiff(x, expected.x)).toBeLessThan(1e-10 * Math.max(1, maxAbs(expected.x)));
        expect(solution.report.active).toEqual(expected.report.active);
        // Without equilibration the same problem is not solved: the iterations stall, or end with a
        // wrong status or a point far from the solution (the unreduced sparse system copes with
        // 10^±4, not beyond).
        if (format === 'sparse' && k < 5) return;
        const raw = solveQP(problem, { equilibrate: false });
        const rawX = Array.from(raw.x, (v, i) => d[i] * v);
        const failed =
          raw.status !== 'optimal' || maxAbsDiff(rawX, expected.x) > 1e-6 * Math.max(1, maxAbs(expected.x));
        expect(failed).toBe(true);
      });
    }
  }

  test('derivatives of the badly scaled problem are those of the well-scaled one, mapped', () => {
    // With x = D·y and the rows scaled by E: c_y = D·c_x, so dy/dc_y = D⁻¹·(dx/dc_x)·D⁻¹.
    const { reference, scaled, d } = badlyScaled(5);
    const expected = solveQP(reference);
    const solution = solveQP(scaled);
    const w = Array.from({ length: 30 }, (_, i) => Math.sin(i + 1));
    // L(y) = wᵀy = (D⁻¹w)ᵀx: ∂L/∂c_y = D⁻¹·∂L/∂c_x evaluated at the weight D⁻¹w.
    const gy = solution.vjp(w).c;
    const gx = expected.vjp(w.map((v, i) => v / d[i])).c;
    const mapped = Array.from(gx, (v, i) => v / d[i]);
    for (let i = 0; i < 30; i++)
      expect(Math.abs(gy[i] - mapped[i])).toBeLessThan(
        1e-8 * Math.max(1e-300, maxAbs(mapped)) + 1e-12 * Math.abs(mapped[i]),
      );
  });
});

describe('equilibration does not change what a well-scaled problem gives', () => {
  // 'auto' leaves these problems as they are; forced, the scaling must not change the solution.
  for (const reference of cases.filter((c) => c.status === 'optimal')) {
    test(reference.name, () => {
      const on = solveQP(fixtureProblem(reference), { equilibrate: true });
      const off = solveQP(fixtureProblem(reference), { equilibrate: false });
      expect(on.report.polished).toBe(true);
      expect(off.report.polished).toBe(true);
      expect(maxAbsDiff(on.x, off.x)).toBeLessThan(1e-12 * Math.max(1, maxAbs(off.x)));
      expect(on.report.active).toEqual(off.report.active);
    });
  }
});
