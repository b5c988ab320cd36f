import { describe, expect, test } from 'vitest';
import type { QPProblem } from '../../src/qp/problem.js';
import { solveQP } from '../../src/qp/solve-qp.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';
import { equalityOnlyQP, maxAbs, pathLaplacianQP } from './problems.js';

// Unboundedness along a line on which the objective is linear and every constraint constant
// (Qd = 0, Ad = 0, Gd = 0): the Newton matrix of the interior-point method is singular along d.
// These problems used to stall at max-iterations. The direction is known in closed form (d ∝ 1 for
// the path Laplacian), and each certificate is checked here against its definition, every product
// computed in this file. Beside them, bounded problems that are nearly unbounded — Q tiny but
// nonzero along the descent direction — which must never be declared unbounded.

type Format = 'dense' | 'sparse';

const dense = (M: SparseMatrix) => {
  const D = M.toDense();
  return Array.from({ length: M.rows }, (_, i) => Array.from({ length: M.cols }, (_, j) => D.get(i, j)));
};

/** Σⱼ |mᵢⱼ| for each row i of a sparse M. */
function rowNorms(M: SparseMatrix): number[] {
  const out = new Array<number>(M.rows).fill(0);
  for (let q = 0; q < M.nnz; q++) out[M.rowIndex[q]] += Math.abs(M.values[q]);
  return out;
}

function problemOf(n: number, shift: number, format: Format, lower: boolean): QPProblem {
  const { Q, c, G, h } = pathLaplacianQP(n, shift);
  const bounds = lower ? { lower: new Array<number>(n).fill(-3) } : {};
  if (format === 'sparse') return { Q, c, G, h, ...bounds };
  return { Q: dense(Q), c, G: dense(G), h, ...bounds };
}

describe('unbounded along a line every constraint leaves unchanged (singular Newton matrix)', () => {
  const cases: [number, Format, boolean][] = [
    [50, 'dense', false],
    [50, 'sparse', false],
    [50, 'dense', true],
    [50, 'sparse', true],
    [500, 'sparse', false],
    [500, 'dense', false],
  ];
  for (const [n, format, lower] of cases) {
    for (const equilibrate of [undefined, true, false]) {
      const name = `n = ${n}, ${format}${lower ? ', lower bounds' : ''}, equilibrate: ${equilibrate ?? 'default'}`;
      test(`${name}: certified unbounded, the certificate the ray 1`, () => {
        const { Q, c, G } = pathLaplacianQP(n);
        const sum = c.reduce((s, v) => s + v, 0);
        expect(sum).toBeLessThan(0);
        const solution = solveQP(problemOf(n, 0, format, lower), equilibrate === undefined ? {} : { equilibrate });
        expect(solution.status).toBe('unbounded');
        const { x: d } = solution.report.certificate as { x: Float64Array };
        // Closed form: the recession directions are t·1, t > 0; normalized to cᵀd = −1, d = 1/(−Σc).
        // The part of d orthogonal to 1 is at most ‖Qd‖₂/λ₂(L), λ₂ = 2 − 2cos(π/n) the smallest
        // nonzero eigenvalue of the path Laplacian, so the forward error is the backward one
        // (below) times 4/λ₂.
        const scale = maxAbs(d);
        const lambda2 = 2 - 2 * Math.cos(Math.PI / n);
        for (const v of d) expect(Math.abs(v - 1 / -sum)).toBeLessThan(1e-6 * (4 / lambda2) * scale);
        // The definition, each row against its own norm: cᵀd = −1, |(Qd)ᵢ| and (Gd)ᵢ, −dⱼ (the lower
        // bounds' rows) at most 1e-6·‖rowᵢ‖₁·‖d‖∞ (a hundred times the default tolerance).
        expect(c.reduce((s, v, i) => s + v * d[i], 0)).toBeCloseTo(-1, 10);
        const Qd = Q.matvec(d);
        const qNorms = rowNorms(Q);
        for (let i = 0; i < n; i++) expect(Math.abs(Qd[i])).toBeLessThanOrEqual(1e-6 * qNorms[i] * scale);
        const Gd = G.matvec(d);
        const gNorms = rowNorms(G);
        for (let i = 0; i < n - 1; i++) expect(Gd[i]).toBeLessThanOrEqual(1e-6 * gNorms[i] * scale);
        if (lower) for (const v of d) expect(-v).toBeLessThanOrEqual(1e-6 * scale);
      });
    }
  }
});

describe('unbounded with equalities only: a free direction in null(A) ∩ null(Q)', () => {
  // Q = MᵀM of rank n/4 (or Q = 0: an LP), p = n/2 random equalities ({@link equalityOnlyQP}), no
  // inequality: null(A) ∩ null(Q) has dimension at least n/4 and a random c is not orthogonal to
  // it, so the problem is unbounded along a direction on which K is singular. These ended at
  // max-iterations, or in a NonFiniteError (NaN) for the LPs; with sparse data the QPs' first
  // factorization lost every digit (a start of size 1e20, or a zero pivot thrown), as the sparse
  // LDLᵀ eliminated equality rows before the x-columns they touch (src/qp/kkt-ordering.ts). The
  // certificate is checked against its definition, row by row, products computed here.
  const rowNorms = (M: number[][]) => M.map((row) => row.reduce((s, v) => s + Math.abs(v), 0));
  const times = (M: number[][], x: ArrayLike<number>) => M.map((row) => row.reduce((s, v, j) => s + v * x[j], 0));
  const cases = [6, 20, 60].flatMap((n) =>
    (['QP', 'LP'] as const).flatMap((kind) => (['dense', 'sparse'] as const).map((f) => [n, kind, f] as const)),
  );
  for (const [n, kind, format] of cases) {
    for (const equilibrate of [true, false]) {
      test(`n = ${n}, ${kind}, ${format}, equilibrate: ${equilibrate}: certified unbounded`, () => {
        const { Q, A, b, c } = equalityOnlyQP(n, kind);
        const p = n / 2;
        const as = (X: number[][]) => (format === 'sparse' ? SparseMatrix.fromDense(X) : X);
        const solution = solveQP({ Q: as(Q), c, A: as(A), b }, { equilibrate });
        expect(solution.status).toBe('unbounded');
        const { x: d } = solution.report.certificate as { x: Float64Array };
        const scale = maxAbs(d);
        expect(c.reduce((s, v, j) => s + v * d[j], 0)).toBeCloseTo(-1, 10);
        const Qd = times(Q, d);
        const qNorms = rowNorms(Q);
        for (let i = 0; i < n; i++) expect(Math.abs(Qd[i])).toBeLessThanOrEqual(1e-6 * qNorms[i] * scale);
        const Ad = times(A, d);
        const aNorms = rowNorms(A);
        for (let i = 0; i < p; i++) expect(Math.abs(Ad[i])).toBeLessThanOrEqual(1e-6 * aNorms[i] * scale);
      });
    }
  }
});

describe('nearly unbounded but bounded: Q tiny, not zero, along the descent direction', () => {
  // Q = L + q·I: curvature q along 1 (relative q/4 to the largest row norm), the minimizer at a
  // distance of order |Σc|/(n·q), up to 2e7 here. 'unbounded' would be a false certificate. For the
  // smallest q the tolerance 1e-10 lies below what rounding allows (|Q||x*| exceeds ‖Qx*‖ by the
  // factor 1/q), and the method may end at max-iterations with its warning: a clear status. An
  // optimal point is checked by its KKT conditions, computed here as scaled residuals.
  for (const q of [1e-4, 1e-6, 1e-7, 1e-8]) {
    for (const format of ['dense', 'sparse'] as const) {
      for (const equilibrate of [true, false]) {
        test(`q = ${q}, ${format}, equilibrate: ${equilibrate}: never unbounded; the minimizer far out`, () => {
          const n = 50;
          const { Q, c, G, h } = pathLaplacianQP(n, q);
          const solution = solveQP(problemOf(n, q, format, false), { equilibrate });
          expect(['optimal', 'max-iterations']).toContain(solution.status);
          if (q >= 1e-6) expect(solution.status).toBe('optimal');
          if (solution.status === 'max-iterations') {
            // The last iterate of a run that did not converge: nothing is claimed of it but its warning.
            expect(solution.report.warnings.join(' ')).toMatch(/no solution/);
            return;
          }
          const tol = 1e-9;
          const { x, lambda } = solution;
          const sum = c.reduce((s, v) => s + v, 0);
          // The minimizer is far out along 1: the mean of x is of order −Σc/(n·q).
          const mean = x.reduce((s, v) => s + v, 0) / n;
          expect(mean * q * n).toBeGreaterThan(0.5 * -sum);
          const Qx = Q.matvec(x);
          const Gtl = G.matvec(lambda, true);
          const stationarity = Qx.map((v, i) => v + c[i] + Gtl[i]);
          expect(maxAbs(stationarity) / (maxAbs(Qx) + maxAbs(c) + maxAbs(Gtl))).toBeLessThan(tol);
          const Gx = G.matvec(x);
          const objective = 0.5 * Qx.reduce((s, v, i) => s + v * x[i], 0) + c.reduce((s, v, i) => s + v * x[i], 0);
          let complementarity = 0;
          for (let i = 0; i < n - 1; i++) {
            expect(Gx[i] - h[i]).toBeLessThanOrEqual(tol * (maxAbs(Gx) + 1));
            expect(lambda[i]).toBeGreaterThanOrEqual(0);
            complementarity += lambda[i] * Math.max(0, h[i] - Gx[i]);
          }
          // sᵀλ is the duality gap of the QP.
          expect(complementarity).toBeLessThan(10 * tol * Math.max(1, Math.abs(objective)));
        });
      }
    }
  }

  for (const format of ['dense', 'sparse'] as const) {
    test(`Q = 1e-9·I, ${format}: all of Q tiny, none of it singular — never unbounded`, () => {
      // Relative to its own norm Q is as far from singular as can be; measured against an absolute
      // scale of 1 it looked like zero, and the certificate test declared this problem unbounded at
      // the first iterate. x* = −Q⁻¹c = 1e9·(1, 2, −1), the inequality inactive (Gx* = −4e9).
      const n = 3;
      const c = [-1, -2, 1];
      const Qd = [
        [1e-9, 0, 0],
        [0, 1e-9, 0],
        [0, 0, 1e-9],
      ];
      const G = [[-1, -1, 1]];
      const sparse = format === 'sparse';
      const solution = solveQP({
        Q: sparse ? SparseMatrix.fromDense(Qd) : Qd,
        c,
        G: sparse ? SparseMatrix.fromDense(G) : G,
        h: [1],
      });
      expect(['optimal', 'max-iterations']).toContain(solution.status);
      // The static regularization δ = 1e-8 of the Newton system exceeds this Q, which bounds the
      // accuracy that iterative refinement recovers: max-iterations, with its warning, is a clear
      // status; a solution called optimal has to be x*.
      if (solution.status === 'max-iterations') expect(solution.report.warnings.join(' ')).toMatch(/no solution/);
      else for (let i = 0; i < n; i++) expect(Math.abs(solution.x[i] + 1e9 * c[i]) / 1e9).toBeLessThan(1e-8);
    });
  }
});
