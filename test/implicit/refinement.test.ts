import { describe, expect, it } from 'vitest';
import type { SolveReport } from '../../src/index.js';
import { implicitJacobian, implicitRoot, Matrix } from '../../src/index.js';
import { relDiff } from '../helpers/systems.js';

// Wilkinson's matrix (1 on the diagonal, −1 below it, 1 in the last column) is well conditioned
// (κ ≈ n) but LU with partial pivoting grows its last column like 2^(n−1): at n = 50 the unrefined
// solution has a backward error near 1e-3 and no correct digits. One step of fixed-precision
// iterative refinement restores backward error ~ε (Skeel 1980). With b = fl(A x) for a chosen x,
// x solves the system to within κ·ε ≈ 1e-14: an oracle independent of any solver.

function wilkinson(n: number): Matrix {
  const A = new Matrix(n, n);
  for (let i = 0; i < n; i++) {
    A.data[i * n + i] = 1;
    A.data[i * n + n - 1] = 1;
    for (let j = 0; j < i; j++) A.data[i * n + j] = -1;
  }
  return A;
}

const n = 50;
const A = wilkinson(n);
const xTrue = Float64Array.from({ length: n }, (_, i) => Math.sin(i + 1));
const b = new Float64Array(n);
for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i] += A.data[i * n + j] * xTrue[j];

function linearProblem(refine: boolean) {
  // F(x, y) = A y − x b, y*(x) = x A⁻¹ b, dy*/dx = A⁻¹ b = xTrue.
  return implicitRoot({
    solve: () => new Float64Array(n),
    F: (x, y) => {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) out[i] += A.data[i * n + j] * y[j];
        out[i] -= x[0] * b[i];
      }
      return out;
    },
    dFdy: () => A,
    dFdx: () =>
      new Matrix(
        n,
        1,
        b.map((v) => -v),
      ),
    refine,
  });
}

describe('iterative refinement', () => {
  it('rescues LU on Wilkinson’s growth matrix, and the report shows it', () => {
    const refined = linearProblem(true).jvp([0], [1]);
    expect(relDiff(refined.tangent, xTrue)).toBeLessThan(1e-13);
    expect(refined.report.backwardError).toBeLessThan(1e-15);
    expect(refined.report.refinementSteps).toBeGreaterThanOrEqual(1);

    const raw = linearProblem(false).jvp([0], [1]);
    expect(relDiff(raw.tangent, xTrue)).toBeGreaterThan(1e-6);
    // the unrefined result is wrong, and its report says so
    expect(raw.report.backwardError).toBeGreaterThan(1e-8);
    expect(raw.report.refinementSteps).toBe(0);
  });

  it('refines a whole multi-right-hand-side block (full Jacobian)', () => {
    const k = 9;
    const B = new Matrix(n, k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) B.data[i * k + j] = -b[i] * (j + 1);
    let report: SolveReport | undefined;
    const J = implicitJacobian(A, B, { onReport: (r) => (report = r) });
    const expected = new Float64Array(n * k);
    for (let i = 0; i < n; i++) for (let j = 0; j < k; j++) expected[i * k + j] = xTrue[i] * (j + 1);
    expect(relDiff(J.data, expected)).toBeLessThan(1e-13);
    expect(report?.refinementSteps).toBeGreaterThanOrEqual(1);
    expect(report?.backwardError).toBeLessThan(1e-15);
  });
});

describe('backward error of a small multi-right-hand-side block (every column measured exactly)', () => {
  it('refines the Jacobian of Wilkinson’s matrix at n = 16 (growth 2¹⁵)', () => {
    // n²k = 256 is the largest block measured exactly; at n ≤ 11 (k ≥ 2) the growth of this matrix
    // leaves no trace in float64 (its factors are exact integers), so one column it is.
    const m = 16;
    const k = 1;
    const W = wilkinson(m);
    const X = new Float64Array(m * k);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < k; j++) X[i * k + j] = Math.sin(i + 1) * (j + 1) + Math.cos(3 * i * j);
    // dFdx = −W X, so the Jacobian −W⁻¹ dFdx is X (up to κ(W)·ε).
    const B = new Matrix(m, k);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let p = 0; p < m; p++) s += W.data[i * m + p] * X[p * k + j];
        B.data[i * k + j] = -s;
      }
    const reports: SolveReport[] = [];
    const J = implicitJacobian(W, B, { onReport: (r) => reports.push(r) });
    const raw = implicitJacobian(W, B, { refine: false, onReport: (r) => reports.push(r) });
    expect(relDiff(J.data, X)).toBeLessThan(1e-14);
    expect(reports[0].refinementSteps).toBeGreaterThanOrEqual(1);
    expect(reports[0].backwardError).toBeLessThan(1e-15);
    // Without refinement the growth shows in the reported backward error.
    expect(reports[1].backwardError).toBeGreaterThan(1e-14);
    expect(relDiff(raw.data, X)).toBeGreaterThan(relDiff(J.data, X));
  });

  it('a matrix declared SPD that is not symmetric is caught by the exact check and by the probes', () => {
    for (const [m, k] of [
      [3, 3],
      [12, 10],
    ]) {
      // Lower triangle SPD (diagonally dominant); the upper triangle differs from it.
      const A = new Matrix(m, m);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < m; j++) A.data[i * m + j] = i === j ? m + 1 : j < i ? 0.5 : -0.3 * (i + j + 1);
      const B = new Matrix(m, k);
      for (let i = 0; i < B.data.length; i++) B.data[i] = Math.cos(i);
      expect(() => implicitJacobian(A, B, { structure: 'spd' })).toThrow(/not symmetric/);
    }
  });
});
