import { describe, expect, test } from 'vitest';
import { SingularMatrixError } from '../../src/errors.js';
import type { Matrix } from '../../src/linalg/matrix.js';
import type { QPGradients, QPPerturbation } from '../../src/qp/derivatives.js';
import type { QPProblem } from '../../src/qp/problem.js';
import { solveQP } from '../../src/qp/solve-qp.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';
import { cases } from '../fixtures/qp/reference.js';
import { gaussian, rng } from '../helpers/random.js';
import { fixtureProblem, maxAbs, maxAbsDiff } from './problems.js';

// SparseMatrix data in solveQP: the same solutions and derivatives as the dense path on the scipy
// fixtures, derivatives of sparse problems against finite differences of re-solved ones, a problem
// too large to densify checked by its KKT conditions computed here, and certificates.

const sparse = (M: unknown) => SparseMatrix.fromDense(M as number[][]);

/** The dense gradient's entries on the pattern of S, in S's storage order. */
function onPattern(dense: Matrix, S: SparseMatrix): Float64Array {
  const out = new Float64Array(S.nnz);
  for (let j = 0; j < S.cols; j++) {
    for (let q = S.colPtr[j]; q < S.colPtr[j + 1]; q++) out[q] = dense.get(S.rowIndex[q], j);
  }
  return out;
}

/** The problem with every matrix datum sparse, or only those named. */
function sparsified(problem: QPProblem, which: ('Q' | 'A' | 'G')[] = ['Q', 'A', 'G']): QPProblem {
  const out = { ...problem };
  for (const k of which) if (out[k] !== undefined) out[k] = sparse(out[k]);
  return out;
}

describe('sparse and dense solveQP agree on the scipy fixtures', () => {
  for (const reference of cases.filter((c) => c.status === 'optimal')) {
    test(reference.name, () => {
      const dense = solveQP(fixtureProblem(reference));
      const problem = sparsified(fixtureProblem(reference));
      const solution = solveQP(problem);
      expect(solution.status).toBe('optimal');
      expect(solution.report.polished).toBe(true);
      const x = reference.x as number[];
      const scale = Math.max(1, maxAbs(x));
      expect(maxAbsDiff(solution.x, x)).toBeLessThan(1e-12 * scale);
      expect(maxAbsDiff(solution.x, dense.x)).toBeLessThan(1e-12 * scale);
      expect(maxAbsDiff(solution.nu, dense.nu)).toBeLessThan(1e-10 * Math.max(1, maxAbs(dense.nu)));
      expect(maxAbsDiff(solution.lambda, dense.lambda)).toBeLessThan(1e-10 * Math.max(1, maxAbs(dense.lambda)));
      expect(solution.report.active).toEqual(dense.report.active);
      expect(solution.report.gap).toBeLessThanOrEqual(1e-10);

      // vjp: every gradient, the sparse ones the dense gradient's entries on the data's patterns.
      const g = Array.from({ length: reference.n }, gaussian(rng(3)));
      const gd = dense.vjp(g) as QPGradients<QPProblem & { Q: Matrix; A: Matrix; G: Matrix }>;
      const gs = solution.vjp(g) as QPGradients<QPProblem & { Q: SparseMatrix; A: SparseMatrix; G: SparseMatrix }>;
      const tol = 1e-9 * Math.max(1, maxAbs(gd.c));
      expect(gs.Q).toBeInstanceOf(SparseMatrix);
      expect(maxAbsDiff(gs.Q.values, onPattern(gd.Q, problem.Q as SparseMatrix))).toBeLessThan(tol);
      expect(maxAbsDiff(gs.c, gd.c)).toBeLessThan(tol);
      for (const v of ['b', 'h', 'lower', 'upper'] as const) expect(maxAbsDiff(gs[v], gd[v])).toBeLessThan(tol);
      if (problem.A !== undefined) {
        expect(maxAbsDiff(gs.A.values, onPattern(gd.A, problem.A as SparseMatrix))).toBeLessThan(tol);
      }
      if (problem.G !== undefined) {
        expect(maxAbsDiff(gs.G.values, onPattern(gd.G, problem.G as SparseMatrix))).toBeLessThan(tol);
      }

      // jvp along sparse perturbations on the data's patterns, and along a dense one.
      const h = gaussian(rng(4));
      const along = (S: unknown) =>
        S instanceof SparseMatrix ? new SparseMatrix(S.rows, S.cols, S.colPtr, S.rowIndex, S.values.map(h)) : undefined;
      const d: QPPerturbation = { Q: along(problem.Q), A: along(problem.A), G: along(problem.G), c: g };
      const denseD: QPPerturbation = {
        Q: (d.Q as SparseMatrix).toDense(),
        A: (d.A as SparseMatrix | undefined)?.toDense(),
        G: (d.G as SparseMatrix | undefined)?.toDense(),
        c: g,
      };
      const dx = dense.jvp(denseD);
      const scaleDx = Math.max(1, maxAbs(dx));
      expect(maxAbsDiff(solution.jvp(d), dx)).toBeLessThan(1e-9 * scaleDx);
      expect(maxAbsDiff(solution.jvp(denseD), dx)).toBeLessThan(1e-9 * scaleDx);
      expect(maxAbsDiff(dense.jvp(d), dx)).toBeLessThan(1e-12 * scaleDx);

      const kkt = solution.kkt();
      expect(kkt.secondOrderSufficient).toBe(true);
      expect(kkt.order).toBe(dense.kkt().order);
      // Both estimate the same condition number, each within a factor 3 of it.
      expect(kkt.rcond / dense.kkt().rcond).toBeGreaterThan(1 / 10);
      expect(kkt.rcond / dense.kkt().rcond).toBeLessThan(10);
    });
  }

  test('a mix of sparse and dense data: the gradient of each datum has its format', () => {
    const reference = cases.find((c) => c.name === 'random n=10 m=6 p=3 with bounds');
    if (reference === undefined) throw new Error('fixture missing');
    const base = fixtureProblem(reference);
    const dense = solveQP(base);
    const g = Array.from({ length: reference.n }, gaussian(rng(5)));
    const gd = dense.vjp(g);
    for (const which of [['Q'], ['A'], ['G'], ['A', 'G']] as ('Q' | 'A' | 'G')[][]) {
      const solution = solveQP(sparsified(base, which));
      expect(maxAbsDiff(solution.x, dense.x)).toBeLessThan(1e-12);
      const gs = solution.vjp(g);
      for (const k of ['Q', 'A', 'G'] as const) {
        const got = gs[k];
        if (which.includes(k)) {
          expect(got).toBeInstanceOf(SparseMatrix);
          const pattern = sparse(base[k]);
          expect(maxAbsDiff((got as SparseMatrix).values, onPattern(gd[k] as Matrix, pattern))).toBeLessThan(1e-10);
        } else {
          expect(got).not.toBeInstanceOf(SparseMatrix);
          expect(maxAbsDiff((got as Matrix).data, (gd[k] as Matrix).data)).toBeLessThan(1e-10);
        }
      }
    }
  });

  test('the gradient type follows the data: SparseMatrix for a sparse Q, Matrix for a dense G', () => {
    const Q = SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [2, 1]);
    const solution = solveQP({ Q, c: [-1, -1], G: [[1, 1]], h: [0.5] });
    const gradients = solution.vjp([1, 0]);
    // Typed without casts: Q is a SparseMatrix, G a Matrix.
    const qValues: Float64Array = gradients.Q.values;
    const gRow: number = gradients.G.get(0, 0);
    expect(qValues.length).toBe(2);
    expect(Number.isFinite(gRow)).toBe(true);
  });
});

/** A sparse banded QP: Q tridiagonal SPD, G with two entries a row, one equality, bounds. */
function bandedProblem(n: number, seed: number) {
  const g = gaussian(rng(seed));
  const qi: number[] = [];
  const qj: number[] = [];
  const qv: number[] = [];
  for (let i = 0; i < n; i++) {
    qi.push(i);
    qj.push(i);
    qv.push(2.5 + Math.abs(g()));
    if (i + 1 < n) {
      const v = 0.5 * g();
      qi.push(i, i + 1);
      qj.push(i + 1, i);
      qv.push(v, v);
    }
  }
  const m = Math.floor(n / 2);
  const gi: number[] = [];
  const gj: number[] = [];
  const gv: number[] = [];
  for (let r = 0; r < m; r++) {
    gi.push(r, r);
    gj.push((3 * r) % n, (3 * r + 1) % n);
    gv.push(g(), g());
  }
  const x0 = Array.from({ length: n }, g);
  const G = SparseMatrix.fromTriplets(m, n, gi, gj, gv);
  const Gx0 = G.matvec(x0);
  const h = Array.from(Gx0, (v, r) => v + (r % 3 === 0 ? 0 : Math.abs(g())));
  const A = SparseMatrix.fromTriplets(
    1,
    n,
    Array.from({ length: n }, () => 0),
    Array.from({ length: n }, (_, j) => j),
    Array.from({ length: n }, () => 1 + 0.1 * g()),
  );
  const b = Array.from(A.matvec(x0));
  const lower = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? x0[i] - 0.1 : -Infinity));
  const upper = Array.from({ length: n }, (_, i) => (i % 7 === 0 ? x0[i] + 0.1 : Infinity));
  const c = Array.from({ length: n }, () => 3 * g());
  return { Q: SparseMatrix.fromTriplets(n, n, qi, qj, qv), c, A, b, G, h, lower, upper };
}

/** The perturbation S + t·dS of each sparse datum, on its pattern. */
function shifted(S: SparseMatrix, dS: SparseMatrix, t: number): SparseMatrix {
  return new SparseMatrix(
    S.rows,
    S.cols,
    S.colPtr,
    S.rowIndex,
    S.values.map((v, q) => v + t * dS.values[q]),
  );
}

describe('derivatives of a sparse QP against finite differences of re-solved problems', () => {
  const n = 40;
  const problem = bandedProblem(n, 21);
  const solution = solveQP(problem);
  const g = gaussian(rng(22));
  const onSame = (S: SparseMatrix) => new SparseMatrix(S.rows, S.cols, S.colPtr, S.rowIndex, S.values.map(g));
  // dQ symmetric on Q's (symmetric) pattern: ½(D + Dᵀ) of random values D on it.
  const D = onSame(problem.Q).toDense();
  const dQsym = onSame(problem.Q);
  for (let j = 0; j < n; j++) {
    for (let q = problem.Q.colPtr[j]; q < problem.Q.colPtr[j + 1]; q++) {
      const i = problem.Q.rowIndex[q];
      dQsym.values[q] = 0.5 * (D.get(i, j) + D.get(j, i));
    }
  }
  const d = {
    Q: dQsym,
    c: Array.from({ length: n }, g),
    A: onSame(problem.A),
    b: [g()],
    G: onSame(problem.G),
    h: Array.from({ length: problem.h.length }, g),
    lower: Array.from({ length: n }, g),
    upper: Array.from({ length: n }, g),
  };
  const perturbed = (t: number) => ({
    Q: shifted(problem.Q, d.Q, t),
    c: problem.c.map((v, i) => v + t * d.c[i]),
    A: shifted(problem.A, d.A, t),
    b: problem.b.map((v, i) => v + t * d.b[i]),
    G: shifted(problem.G, d.G, t),
    h: problem.h.map((v, i) => v + t * d.h[i]),
    lower: problem.lower.map((v, i) => v + t * d.lower[i]),
    upper: problem.upper.map((v, i) => v + t * d.upper[i]),
  });

  test('solution: optimal, polished, with active constraints of every kind', () => {
    expect(solution.status).toBe('optimal');
    expect(solution.report.polished).toBe(true);
    const kinds = new Set(solution.report.active.map((a) => Object.keys(a)[0]));
    expect(kinds.has('row')).toBe(true);
    expect(solution.report.weaklyActive).toEqual([]);
  });

  test('jvp along every datum at once equals the central difference', () => {
    const step = 1e-6;
    const plus = solveQP(perturbed(step), { tolerance: 1e-12 });
    const minus = solveQP(perturbed(-step), { tolerance: 1e-12 });
    expect(plus.report.active).toEqual(solution.report.active);
    expect(minus.report.active).toEqual(solution.report.active);
    const fd = plus.x.map((v, i) => (v - minus.x[i]) / (2 * step));
    expect(maxAbs(fd)).toBeGreaterThan(1e-2);
    expect(maxAbsDiff(solution.jvp(d), fd)).toBeLessThan(1e-6 * Math.max(1, maxAbs(fd)));
  });

  test('vjp is the adjoint of jvp, gradients on the data patterns: ⟨w, J·d⟩ = ⟨Jᵀw, d⟩', () => {
    const w = Array.from({ length: n }, g);
    const left = solution.jvp(d).reduce((s, v, i) => s + v * w[i], 0);
    const gr = solution.vjp(w);
    const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
      let s = 0;
      for (let i = 0; i < a.length; i++) s += a[i] * b[i];
      return s;
    };
    expect(gr.Q.colPtr).toEqual(problem.Q.colPtr);
    expect(gr.G.rowIndex).toEqual(problem.G.rowIndex);
    const right =
      dot(gr.Q.values, d.Q.values) +
      dot(gr.c, d.c) +
      dot(gr.A.values, d.A.values) +
      dot(gr.b, d.b) +
      dot(gr.G.values, d.G.values) +
      dot(gr.h, d.h) +
      dot(
        gr.lower,
        d.lower.map((v, i) => (Number.isFinite(problem.lower[i]) ? v : 0)),
      ) +
      dot(
        gr.upper,
        d.upper.map((v, i) => (Number.isFinite(problem.upper[i]) ? v : 0)),
      );
    expect(Math.abs(left - right)).toBeLessThan(1e-9 * Math.max(1, Math.abs(left)));
  });
});

/** y = M·x for a SparseMatrix, in the test's own loop. */
function times(M: SparseMatrix, x: ArrayLike<number>, transpose = false): Float64Array {
  const out = new Float64Array(transpose ? M.cols : M.rows);
  for (let j = 0; j < M.cols; j++) {
    for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
      if (transpose) out[j] += M.values[q] * x[M.rowIndex[q]];
      else out[M.rowIndex[q]] += M.values[q] * x[j];
    }
  }
  return out;
}

describe('a QP too large to densify: n = 2025, a grid Laplacian Q', () => {
  // Q = L + 0.01·I for the 5-point Laplacian L of a 45 × 45 grid; G: x_{2r} − x_{2r+1} ≤ 0.05;
  // A: Σx = 1; bounds −0.3 ≤ x ≤ 0.3. Dense, K would have (n + p + m + 2n)² ≈ 7·10⁷ entries.
  const k = 45;
  const n = k * k;
  const qi: number[] = [];
  const qj: number[] = [];
  const qv: number[] = [];
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      qi.push(i * k + j);
      qj.push(i * k + j);
      qv.push(4.01);
      for (const [a, b] of [
        [i + 1, j],
        [i - 1, j],
        [i, j + 1],
        [i, j - 1],
      ]) {
        if (a < 0 || a >= k || b < 0 || b >= k) continue;
        qi.push(i * k + j);
        qj.push(a * k + b);
        qv.push(-1);
      }
    }
  }
  const Q = SparseMatrix.fromTriplets(n, n, qi, qj, qv);
  const m = Math.floor(n / 2);
  const G = SparseMatrix.fromTriplets(
    m,
    n,
    Array.from({ length: 2 * m }, (_, t) => t >> 1),
    Array.from({ length: 2 * m }, (_, t) => t),
    Array.from({ length: 2 * m }, (_, t) => (t % 2 === 0 ? 1 : -1)),
  );
  const h = new Array<number>(m).fill(0.05);
  const A = SparseMatrix.fromTriplets(
    1,
    n,
    new Array<number>(n).fill(0),
    Array.from({ length: n }, (_, j) => j),
    new Array<number>(n).fill(1),
  );
  const c = Array.from({ length: n }, (_, i) => 2 * Math.sin(0.37 * i) + Math.cos(0.011 * i));
  const lower = new Array<number>(n).fill(-0.3);
  const upper = new Array<number>(n).fill(0.3);
  const solution = solveQP({ Q, c, A, b: [1], G, h, lower, upper });

  test('optimal, checked by its KKT conditions computed here', () => {
    expect(solution.status).toBe('optimal');
    const { x, nu, lambda, lambdaLower, lambdaUpper } = solution;
    const Qx = times(Q, x);
    const Gtl = times(G, lambda, true);
    const Atnu = times(A, nu, true);
    let stationarity = 0;
    for (let i = 0; i < n; i++) {
      const r = Qx[i] + c[i] + Atnu[i] + Gtl[i] + lambdaUpper[i] - lambdaLower[i];
      stationarity = Math.max(stationarity, Math.abs(r));
    }
    expect(stationarity).toBeLessThan(1e-9 * Math.max(1, maxAbs(c), maxAbs(Qx)));
    const Ax = times(A, x);
    expect(Math.abs(Ax[0] - 1)).toBeLessThan(1e-10);
    const Gx = times(G, x);
    let active = 0;
    for (let r = 0; r < m; r++) {
      expect(Gx[r]).toBeLessThanOrEqual(h[r] + 1e-10);
      expect(lambda[r]).toBeGreaterThanOrEqual(0);
      expect(Math.abs(lambda[r] * (h[r] - Gx[r]))).toBeLessThan(1e-10);
      if (lambda[r] > 1e-8) active++;
    }
    let atBounds = 0;
    for (let i = 0; i < n; i++) {
      expect(x[i]).toBeGreaterThanOrEqual(lower[i] - 1e-10);
      expect(x[i]).toBeLessThanOrEqual(upper[i] + 1e-10);
      expect(Math.abs(lambdaLower[i] * (x[i] - lower[i]))).toBeLessThan(1e-10);
      expect(Math.abs(lambdaUpper[i] * (upper[i] - x[i]))).toBeLessThan(1e-10);
      if (lambdaLower[i] > 1e-8 || lambdaUpper[i] > 1e-8) atBounds++;
    }
    // Both kinds of inequality bind somewhere: the problem exercises the active-set derivative.
    expect(active).toBeGreaterThan(10);
    expect(atBounds).toBeGreaterThan(10);
  });

  test('jvp along c equals the central difference of re-solved problems; vjp its adjoint', () => {
    const g = gaussian(rng(31));
    const dc = Array.from({ length: n }, g);
    const step = 1e-6;
    const resolve = (t: number) =>
      solveQP({ Q, c: c.map((v, i) => v + t * dc[i]), A, b: [1], G, h, lower, upper }, { tolerance: 1e-12 });
    const plus = resolve(step);
    const minus = resolve(-step);
    expect(plus.report.active).toEqual(solution.report.active);
    const fd = plus.x.map((v, i) => (v - minus.x[i]) / (2 * step));
    const dx = solution.jvp({ c: dc });
    expect(maxAbsDiff(dx, fd)).toBeLessThan(1e-6 * Math.max(1, maxAbs(fd)));
    const w = Array.from({ length: n }, g);
    const gradients = solution.vjp(w);
    expect(gradients.Q).toBeInstanceOf(SparseMatrix);
    expect((gradients.Q as SparseMatrix).nnz).toBe(Q.nnz);
    const left = dx.reduce((s, v, i) => s + v * w[i], 0);
    const right = gradients.c.reduce((s, v, i) => s + v * dc[i], 0);
    expect(Math.abs(left - right)).toBeLessThan(1e-9 * Math.max(1, Math.abs(left)));
  });
});

describe('certificates and refusals on sparse data', () => {
  for (const reference of cases.filter((c) => c.status !== 'optimal')) {
    test(`${reference.name}: ${reference.status}, as dense`, () => {
      const problem = sparsified(fixtureProblem(reference));
      const solution = solveQP(problem);
      expect(solution.status).toBe(reference.status);
      const n = reference.n;
      const S = (M: unknown) => (M === undefined ? sparse([]) : (M as SparseMatrix));
      if (reference.status === 'infeasible') {
        const { nu, lambda } = solution.report.certificate as { nu: Float64Array; lambda: Float64Array };
        for (const v of lambda) expect(v).toBeGreaterThanOrEqual(0);
        // Aᵀν + Gᵀλ_G + λ_upper − λ_lower ≈ 0 and bᵀν + hᵀλ = −1, over the stacked rows.
        const mG = reference.h.length;
        const combination = new Float64Array(n);
        const accumulate = (v: Float64Array) => {
          for (let j = 0; j < n; j++) combination[j] += v[j];
        };
        if (reference.b.length > 0) accumulate(times(S(problem.A), nu, true));
        if (mG > 0) accumulate(times(S(problem.G), lambda.subarray(0, mG), true));
        let row = mG;
        let value =
          reference.b.reduce((s, v, i) => s + v * nu[i], 0) + reference.h.reduce((s, v, i) => s + v * lambda[i], 0);
        reference.upper.forEach((u, i) => {
          if (u === null) return;
          combination[i] += lambda[row];
          value += u * lambda[row++];
        });
        reference.lower.forEach((l, i) => {
          if (l === null) return;
          combination[i] -= lambda[row];
          value -= l * lambda[row++];
        });
        expect(value).toBeCloseTo(-1, 12);
        expect(maxAbs(combination)).toBeLessThan(1e-7);
      } else {
        const { x: direction } = solution.report.certificate as { x: Float64Array };
        const cd = reference.c.reduce((s, v, i) => s + v * direction[i], 0);
        expect(cd).toBeCloseTo(-1, 10);
        expect(maxAbs(times(problem.Q as SparseMatrix, direction))).toBeLessThan(1e-6 * maxAbs(direction));
      }
    });
  }

  test('a large sparse infeasible problem: a Farkas certificate', () => {
    // The banded problem of n = 400 with two contradicting rows appended: x₀ + x₁ ≤ 0, −x₀ − x₁ ≤ −1.
    const base = bandedProblem(400, 41);
    const t = base.G;
    const ri: number[] = [];
    const ci: number[] = [];
    const vi: number[] = [];
    for (let j = 0; j < t.cols; j++) {
      for (let q = t.colPtr[j]; q < t.colPtr[j + 1]; q++) {
        ri.push(t.rowIndex[q]);
        ci.push(j);
        vi.push(t.values[q]);
      }
    }
    ri.push(t.rows, t.rows, t.rows + 1, t.rows + 1);
    ci.push(0, 1, 0, 1);
    vi.push(1, 1, -1, -1);
    const G = SparseMatrix.fromTriplets(t.rows + 2, t.cols, ri, ci, vi);
    const h = [...base.h, 0, -1];
    const solution = solveQP({ ...base, G, h, lower: undefined, upper: undefined });
    expect(solution.status).toBe('infeasible');
    const { nu, lambda } = solution.report.certificate as { nu: Float64Array; lambda: Float64Array };
    for (const v of lambda) expect(v).toBeGreaterThanOrEqual(0);
    const combination = times(G, lambda, true);
    const Atnu = times(base.A, nu, true);
    for (let j = 0; j < combination.length; j++) combination[j] += Atnu[j];
    expect(maxAbs(combination)).toBeLessThan(1e-6 * maxAbs(lambda));
    const value = base.b.reduce((s, v, i) => s + v * nu[i], 0) + h.reduce((s, v, i) => s + v * lambda[i], 0);
    expect(value).toBeCloseTo(-1, 10);
  });

  test('a large sparse unbounded problem: a direction of unbounded descent', () => {
    // Q the Laplacian of a path (Q·1 = 0), cᵀ1 < 0, and rows xᵢ − xᵢ₊₁ ≤ 1 (G·1 = 0): unbounded along 1.
    const n = 500;
    const qi: number[] = [];
    const qj: number[] = [];
    const qv: number[] = [];
    for (let i = 0; i + 1 < n; i++) {
      qi.push(i, i + 1, i, i + 1);
      qj.push(i, i + 1, i + 1, i);
      qv.push(1, 1, -1, -1);
    }
    const Q = SparseMatrix.fromTriplets(n, n, qi, qj, qv);
    const g = gaussian(rng(51));
    const c = Array.from({ length: n }, () => g() - 0.5);
    const G = SparseMatrix.fromTriplets(
      n - 1,
      n,
      Array.from({ length: 2 * (n - 1) }, (_, t) => t >> 1),
      Array.from({ length: 2 * (n - 1) }, (_, t) => (t >> 1) + (t & 1)),
      Array.from({ length: 2 * (n - 1) }, (_, t) => (t % 2 === 0 ? 1 : -1)),
    );
    const solution = solveQP({ Q, c, G, h: new Array<number>(n - 1).fill(1) });
    expect(solution.status).toBe('unbounded');
    const { x: d } = solution.report.certificate as { x: Float64Array };
    expect(c.reduce((s, v, i) => s + v * d[i], 0)).toBeCloseTo(-1, 10);
    const scale = maxAbs(d);
    expect(maxAbs(times(Q, d))).toBeLessThan(1e-6 * scale);
    for (const v of times(G, d)) expect(v).toBeLessThanOrEqual(1e-6 * scale);
  });

  test('an iterate growing along a certificate is scaled back instead of overflowing', () => {
    // The path-Laplacian problem of n = 50, equilibrated: its iterate grew past 1e300 and the solve
    // threw a NonFiniteError about an internal vector. The homogeneous iterate is now rescaled.
    const n = 50;
    const qi: number[] = [];
    const qj: number[] = [];
    const qv: number[] = [];
    for (let i = 0; i + 1 < n; i++) {
      qi.push(i, i + 1, i, i + 1);
      qj.push(i, i + 1, i + 1, i);
      qv.push(1, 1, -1, -1);
    }
    const g = gaussian(rng(51));
    const c = Array.from({ length: n }, () => g() - 0.5);
    const G = SparseMatrix.fromTriplets(
      n - 1,
      n,
      Array.from({ length: 2 * (n - 1) }, (_, t) => t >> 1),
      Array.from({ length: 2 * (n - 1) }, (_, t) => (t >> 1) + (t & 1)),
      Array.from({ length: 2 * (n - 1) }, (_, t) => (t % 2 === 0 ? 1 : -1)),
    );
    const problem = { Q: SparseMatrix.fromTriplets(n, n, qi, qj, qv), c, G, h: new Array<number>(n - 1).fill(1) };
    for (const equilibrate of [true, false]) {
      const solution = solveQP(problem, { equilibrate, maxIterations: 60 });
      expect(['unbounded', 'max-iterations']).toContain(solution.status);
      for (const v of solution.x) expect(Number.isFinite(v)).toBe(true);
    }
  });

  test('dependent active constraints: derivatives where the KKT system has a solution', () => {
    // x₀ + x₁ ≤ 1 twice (sparse): the multipliers are not unique, x* = (½, ½) and its derivative are.
    const Q = SparseMatrix.fromTriplets(2, 2, [0, 1], [0, 1], [1, 1]);
    const G = SparseMatrix.fromTriplets(2, 2, [0, 0, 1, 1], [0, 1, 0, 1], [1, 1, 1, 1]);
    const problem = { Q, c: [-1, -1], G, h: [1, 1] };
    const solution = solveQP(problem);
    expect(solution.status).toBe('optimal');
    expect(solution.report.polished).toBe(true);
    expect(maxAbsDiff(solution.x, [0.5, 0.5])).toBeLessThan(1e-12);
    // Along dc = (1, −1) the solution (½ − t, ½ + t) slides along the binding line.
    expect(maxAbsDiff(solution.jvp({ c: [1, -1] }), [-1, 1])).toBeLessThan(1e-9);
    // Moving both copies of the line together is consistent: x moves by −(½, ½)·dh.
    expect(maxAbsDiff(solution.jvp({ h: [-1, -1] }), [-0.5, -0.5])).toBeLessThan(1e-9);
    // ∂L/∂c for L = x₀: x₀ = ½ − (c₀ − c₁)/2 on the line, so ∂L/∂c = (−½, ½); the two copies of the
    // line share ∂L/∂h, whose sum is ∂x₀/∂h = ½.
    const gradients = solution.vjp([1, 0]);
    expect(maxAbsDiff(gradients.c, [-0.5, 0.5])).toBeLessThan(1e-9);
    expect(Math.abs(gradients.h[0] + gradients.h[1] - 0.5)).toBeLessThan(1e-9);
    const kkt = solution.kkt();
    expect(kkt.secondOrderSufficient).toBe(false);
    expect(kkt.warnings.join(' ')).toMatch(/linearly dependent/);
    // Moving one copy only would make the two rows inconsistent: no derivative.
    expect(() => solution.jvp({ h: [-1, 0] })).toThrow(SingularMatrixError);
  });

  test('a solution that is not unique refuses to differentiate, as dense', () => {
    // min x₀ on the unit square: every (0, t) is optimal.
    const solution = solveQP({
      Q: SparseMatrix.fromTriplets(2, 2, [], [], []),
      c: [1, 0],
      lower: [0, 0],
      upper: [1, 1],
    });
    expect(solution.status).toBe('optimal');
    expect(() => solution.vjp([1, 0])).toThrow(SingularMatrixError);
    expect(() => solution.kkt()).toThrow(/singular along x/);
  });

  test('the derivative of a solution whose KKT matrix is singular is refused', () => {
    // An LP whose every feasible point is optimal (c = 0): no active constraint pins x.
    const Q = SparseMatrix.fromTriplets(2, 2, [], [], []);
    const solution = solveQP({ Q, c: [0, 0], lower: [0, 0], upper: [1, 1] });
    expect(solution.status).toBe('optimal');
    expect(() => solution.vjp([1, 0])).toThrow(SingularMatrixError);
    expect(() => solution.kkt()).toThrow(SingularMatrixError);
  });
});
