import { describe, expect, test } from 'vitest';
import { SingularMatrixError } from '../../src/errors.js';
import type { QPGradients, QPPerturbation } from '../../src/qp/derivatives.js';
import { NotOptimalError } from '../../src/qp/errors.js';
import type { QPProblem } from '../../src/qp/problem.js';

/** The problems of this file: dense arrays of rows. */
type DenseProblem = QPProblem & { Q: number[][]; A?: number[][]; G?: number[][] };

import { solveQP } from '../../src/qp/solve-qp.js';
import { gaussian, rng } from '../helpers/random.js';
import { maxAbs, maxAbsDiff, randomQP } from './problems.js';

/** Gaussian elimination with partial pivoting, in plain code: the test's own linear solver. */
function gaussSolve(K: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = K.map((row, i) => [...row, rhs[i]]);
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    [a[k], a[p]] = [a[p], a[k]];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j <= n; j++) a[i][j] -= f * a[k][j];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i][n];
    for (let j = i + 1; j < n; j++) s -= a[i][j] * x[j];
    x[i] = s / a[i][i];
  }
  return x;
}

/** A perturbation shaped as the problem, every entry standard normal. */
function randomPerturbation(
  problem: QPProblem,
  seed: number,
): Required<Pick<QPPerturbation, 'Q' | 'c'>> & QPPerturbation {
  const g = gaussian(rng(seed));
  const like = (M: ArrayLike<ArrayLike<number>>) => Array.from(M, (row) => Array.from(row, g));
  const Q = like(problem.Q as number[][]);
  const n = Q.length;
  const sym = Q.map((row, i) => row.map((_, j) => 0.5 * (Q[i][j] + Q[j][i])));
  const out: QPPerturbation = { Q: sym, c: Array.from({ length: n }, g) };
  if (problem.A) out.A = like(problem.A as number[][]);
  if (problem.b) out.b = Array.from(problem.b as number[], g);
  if (problem.G) out.G = like(problem.G as number[][]);
  if (problem.h) out.h = Array.from(problem.h as number[], g);
  if (problem.lower) out.lower = Array.from(problem.lower as number[], g);
  if (problem.upper) out.upper = Array.from(problem.upper as number[], g);
  return out as Required<Pick<QPPerturbation, 'Q' | 'c'>> & QPPerturbation;
}

/** problem + t·perturbation (bounds that are infinite stay so). */
function perturbed(problem: QPProblem, d: QPPerturbation, t: number): QPProblem {
  const add = (a: number[], b: number[] | undefined) => a.map((v, i) => v + t * (b?.[i] ?? 0));
  const addM = (a: number[][], b: number[][] | undefined) => a.map((row, i) => add(row, b?.[i]));
  const out: QPProblem = {
    Q: addM(problem.Q as number[][], d.Q as number[][]),
    c: add(problem.c as number[], d.c as number[]),
  };
  if (problem.A) out.A = addM(problem.A as number[][], d.A as number[][]);
  if (problem.b) out.b = add(problem.b as number[], d.b as number[]);
  if (problem.G) out.G = addM(problem.G as number[][], d.G as number[][]);
  if (problem.h) out.h = add(problem.h as number[], d.h as number[]);
  if (problem.lower) out.lower = add(problem.lower as number[], d.lower as number[]);
  if (problem.upper) out.upper = add(problem.upper as number[], d.upper as number[]);
  return out;
}

/** Central difference of the re-solved QP along d. */
function finiteDifference(problem: QPProblem, d: QPPerturbation, step: number): Float64Array {
  const plus = solveQP(perturbed(problem, d, step), { tolerance: 1e-12 });
  const minus = solveQP(perturbed(problem, d, -step), { tolerance: 1e-12 });
  expect(plus.status).toBe('optimal');
  expect(minus.status).toBe('optimal');
  return plus.x.map((v, i) => (v - minus.x[i]) / (2 * step));
}

/** ⟨gradients, d⟩ summed over every datum. */
function pairing(g: QPGradients<DenseProblem>, d: QPPerturbation): number {
  let s = 0;
  const flat = (v: unknown) => (v === undefined ? [] : (v as number[][]).flat());
  const pairs: [ArrayLike<number>, number[]][] = [
    [g.Q.data, flat(d.Q)],
    [g.c, (d.c as number[]) ?? []],
    [g.A.data, flat(d.A)],
    [g.b, (d.b as number[]) ?? []],
    [g.G.data, flat(d.G)],
    [g.h, (d.h as number[]) ?? []],
    [g.lower, (d.lower as number[]) ?? []],
    [g.upper, (d.upper as number[]) ?? []],
  ];
  for (const [a, b] of pairs) for (let i = 0; i < b.length; i++) s += a[i] * b[i];
  return s;
}

describe('QP derivatives: equality-constrained closed form', () => {
  // min ½xᵀQx + cᵀx s.t. Ax = b: [[Q, Aᵀ], [A, 0]]·[x; ν] = [−c; b], so
  // dx = −K⁻¹[dQ·x + dc + dAᵀν; dA·x − db] (first block), solved here by Gaussian elimination.
  const { Q, c, A, b } = randomQP(6, 0, 2, 11);
  const problem = { Q, c, A, b };
  const n = 6;
  const p = 2;
  const K = [...Q.map((row, i) => [...row, ...A.map((r) => r[i])]), ...A.map((row) => [...row, 0, 0])];
  const z = gaussSolve(K, [...c.map((v) => -v), ...b]);
  const x = z.slice(0, n);
  const nu = z.slice(n);
  const solution = solveQP(problem);

  test('solution', () => {
    expect(solution.status).toBe('optimal');
    expect(maxAbsDiff(solution.x, x)).toBeLessThan(1e-9);
    expect(maxAbsDiff(solution.nu, nu)).toBeLessThan(1e-9);
  });

  test('jvp along every datum', () => {
    const d = randomPerturbation(problem, 12);
    const dQ = d.Q as number[][];
    const dA = d.A as number[][];
    const r1 = Array.from({ length: n }, (_, i) => {
      let s = (d.c as number[])[i];
      for (let j = 0; j < n; j++) s += dQ[i][j] * x[j];
      for (let k = 0; k < p; k++) s += dA[k][i] * nu[k];
      return -s;
    });
    const r2 = dA.map((row, k) => -(row.reduce((s, v, j) => s + v * x[j], 0) - (d.b as number[])[k]));
    const dx = gaussSolve(K, [...r1, ...r2]).slice(0, n);
    expect(maxAbsDiff(solution.jvp(d), dx)).toBeLessThan(1e-9 * Math.max(1, maxAbs(dx)));
  });

  test('vjp: ∂L/∂c and ∂L/∂b are columns of the inverse KKT matrix', () => {
    const g = [1, -2, 0.5, 0, 3, -1];
    const w = gaussSolve(K, [...g.map((v) => -v), 0, 0]);
    const gradients = solution.vjp(g);
    expect(maxAbsDiff(gradients.c, w.slice(0, n))).toBeLessThan(1e-9);
    expect(
      maxAbsDiff(
        gradients.b,
        w.slice(n).map((v) => -v),
      ),
    ).toBeLessThan(1e-9);
    // ∂L/∂Q = ½(w xᵀ + x wᵀ), ∂L/∂A = ν wᵀ + w_ν xᵀ.
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        expect(gradients.Q.get(i, j)).toBeCloseTo(0.5 * (w[i] * x[j] + x[i] * w[j]), 9);
      }
    }
    for (let k = 0; k < p; k++) {
      for (let j = 0; j < n; j++) expect(gradients.A.get(k, j)).toBeCloseTo(nu[k] * w[j] + w[n + k] * x[j], 9);
    }
  });
});

describe('QP derivatives: finite differences of re-solved problems', () => {
  // n = 10 with 1 equality and fewer than 9 active inequalities: x* is not a vertex, so every
  // datum moves it.
  const base = randomQP(10, 8, 1, 23);
  const problem: DenseProblem = {
    Q: base.Q,
    c: base.c,
    A: base.A,
    b: base.b,
    G: base.G,
    h: base.h,
    lower: base.x0.map((v, i) => (i < 3 ? v - 0.05 : -Infinity)),
    upper: base.x0.map((v, i) => (i >= 7 ? v + 0.05 : Infinity)),
  };
  const solution = solveQP(problem);

  test('the active set is stable and the KKT matrix regular', () => {
    expect(solution.status).toBe('optimal');
    expect(solution.report.weaklyActive).toEqual([]);
    const active = solution.report.active;
    expect(active.some((a) => 'row' in a) && active.some((a) => 'lower' in a) && active.some((a) => 'upper' in a)).toBe(
      true,
    );
    expect(active.length + 1).toBeLessThan(10);
    const kkt = solution.kkt();
    expect(kkt.secondOrderSufficient).toBe(true);
    expect(kkt.inertia).toEqual({ positive: 10, negative: 1 + active.length, zero: 0 });
  });

  for (const datum of ['Q', 'c', 'A', 'b', 'G', 'h', 'lower', 'upper'] as const) {
    test(`jvp along ${datum}`, () => {
      const all = randomPerturbation(problem, 100 + datum.length + datum.charCodeAt(0));
      const d: QPPerturbation = { [datum]: all[datum] };
      const fd = finiteDifference(problem, d, 1e-5);
      const dx = solution.jvp(d);
      expect(maxAbs(fd)).toBeGreaterThan(1e-2);
      expect(maxAbsDiff(dx, fd)).toBeLessThan(1e-5 * Math.max(1, maxAbs(fd)));
    });
  }

  test('vjp is the adjoint of jvp: ⟨g, J·d⟩ = ⟨Jᵀg, d⟩', () => {
    const d = randomPerturbation(problem, 7);
    const g = Array.from({ length: 10 }, gaussian(rng(8)));
    const left = solution.jvp(d).reduce((s, v, i) => s + v * g[i], 0);
    const right = pairing(solution.vjp(g), d);
    expect(Math.abs(left - right)).toBeLessThan(1e-10 * Math.max(1, Math.abs(left)));
  });

  test('gradients of inactive constraints are zero', () => {
    const g = solution.vjp(Array.from({ length: 10 }, gaussian(rng(9))));
    const activeRows = new Set(solution.report.active.flatMap((a) => ('row' in a ? [a.row] : [])));
    expect(activeRows.size).toBeLessThan(8);
    for (let i = 0; i < 8; i++) {
      if (activeRows.has(i)) continue;
      expect(g.h[i]).toBe(0);
      for (let j = 0; j < 10; j++) expect(g.G.get(i, j)).toBe(0);
    }
  });
});

describe('QP derivatives at degenerate solutions', () => {
  test('weakly active: the derivative is the one-sided one with the constraint binding', () => {
    // ½‖x − x_c‖² with x₀ + x₁ ≤ 1 and x_c on that line: λ = 0 and slack 0.
    const problem = {
      Q: [
        [1, 0],
        [0, 1],
      ],
      c: [-0.5, -0.5],
      G: [[1, 1]],
      h: [1],
    };
    const solution = solveQP(problem);
    expect(solution.report.weaklyActive).toEqual([{ row: 0 }]);
    // Moving x_c outward (c − t(1, 1)) keeps the constraint binding: x stays at (½, ½).
    const d = { c: [-1, -1] };
    const dx = solution.jvp(d);
    const t = 1e-3;
    const forward = solveQP(perturbed(problem, d, t)).x.map((v, i) => (v - solution.x[i]) / t);
    const backward = solveQP(perturbed(problem, d, -t)).x.map((v, i) => (solution.x[i] - v) / t);
    expect(maxAbsDiff(dx, forward)).toBeLessThan(1e-4);
    expect(maxAbsDiff(dx, backward)).toBeGreaterThan(0.5);
  });

  test('dependent active constraints: an independent subset is kept and reported', () => {
    // x₀ + x₁ ≤ 1 twice: the multipliers are not unique, x* = (½, ½) and its derivative are.
    const problem = {
      Q: [
        [1, 0],
        [0, 1],
      ],
      c: [-1, -1],
      G: [
        [1, 1],
        [1, 1],
      ],
      h: [1, 1],
    };
    const solution = solveQP(problem);
    expect(solution.status).toBe('optimal');
    expect(maxAbsDiff(solution.x, [0.5, 0.5])).toBeLessThan(1e-8);
    // Along dc = (1, −1) the solution (½ − t, ½ + t) slides along the binding line.
    const d = { c: [1, -1] };
    expect(maxAbsDiff(solution.jvp(d), [-1, 1])).toBeLessThan(1e-9);
    expect(maxAbsDiff(solution.jvp(d), finiteDifference(problem, d, 1e-4))).toBeLessThan(1e-6);
    const kkt = solution.kkt();
    expect(kkt.dependent).toEqual([{ row: 1 }]);
    expect(kkt.secondOrderSufficient).toBe(true);
    expect(kkt.warnings.join(' ')).toMatch(/linearly dependent/);
  });

  test('a solution that is not unique (Q singular on the active null space) refuses to differentiate', () => {
    // min x₀ on the unit square: every (0, t) is optimal.
    const solution = solveQP({
      Q: [
        [0, 0],
        [0, 0],
      ],
      c: [1, 0],
      lower: [0, 0],
      upper: [1, 1],
    });
    expect(solution.status).toBe('optimal');
    expect(() => solution.vjp([1, 0])).toThrow(SingularMatrixError);
    expect(() => solution.kkt()).toThrow(/numerically singular/);
  });

  test('non-optimal solutions refuse to differentiate', () => {
    const infeasible = solveQP({ Q: [[1]], c: [0], G: [[1], [-1]], h: [1, -2] });
    expect(infeasible.status).toBe('infeasible');
    expect(() => infeasible.vjp([1])).toThrow(NotOptimalError);
    expect(() => infeasible.jvp({ c: [1] })).toThrow(NotOptimalError);
    expect(() => infeasible.kkt()).toThrow(/status is 'infeasible'/);
    const cut = solveQP(randomQP(10, 10, 0, 3), { maxIterations: 1 });
    expect(cut.status).toBe('max-iterations');
    expect(() => cut.vjp(new Float64Array(10))).toThrow(NotOptimalError);
  });
});
