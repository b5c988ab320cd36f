import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  hypergradient,
  implicitArgmin,
  implicitFixedPoint,
  implicitJacobian,
  Matrix,
  NotPositiveDefiniteError,
  NotSymmetricError,
  prepare,
  type SolveReport,
  SparseMatrix,
} from '../../src/index.js';
import fixture from '../fixtures/sparse/inertia.json' with { type: 'json' };
import { randomMatrix, randomVector } from '../helpers/random.js';
import { grid2d, lowerOf, patternClasses, scaledResidual, spdOnPattern } from './helpers.js';

// The implicit API on SparseMatrix operands. Oracles: the same calls on the dense form of each
// matrix (the dense paths are tested against closed forms and finite differences elsewhere),
// numpy's inertia, scaled residuals; and a size at which anything dense of n × n could not exist.

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  let scale = 0;
  for (let i = 0; i < b.length; i++) scale = Math.max(scale, Math.abs(b[i]));
  for (let i = 0; i < b.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(tol * (scale || 1));
};

function sparseRandom(m: number, n: number, perColumn: number, seed: number): SparseMatrix {
  const R = randomMatrix(m, n, seed);
  const r: number[] = [];
  const c: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let t = 0; t < perColumn; t++) {
      r.push(Math.floor(Math.abs(R.data[(t * n + j) % R.data.length] * 1e4)) % m);
      c.push(j);
      v.push(R.data[(j * 7 + t) % R.data.length]);
    }
  }
  return SparseMatrix.fromTriplets(m, n, r, c, v);
}

describe('prepare with a SparseMatrix', () => {
  const H = spdOnPattern(grid2d(9, 8), 2);
  const n = H.rows;

  it("'spd': sparse Cholesky, the dense Cholesky's solutions, nnz(L) and fill in the report", () => {
    using p = prepare(H, { structure: 'spd' });
    using d = prepare(H.toDense(), { structure: 'spd' });
    expect(p.solver).toBe('sparse-cholesky');
    const b = randomVector(n, 1);
    const x = p.solve(b);
    close(x, d.solve(b), 1e-12);
    expect(scaledResidual(H, x, b)).toBeLessThan(30);
    close(p.solveTransposed(b), x, 0);
    const B = randomMatrix(n, 3, 2);
    close(p.solve(B).data, d.solve(B).data, 1e-12);
    const report = p.report;
    expect(report.solver).toBe('sparse-cholesky');
    expect(report.nnzL).toBeGreaterThanOrEqual(n);
    expect(report.fillRatio).toBeCloseTo((report.nnzL as number) / lowerOf(H).nnz, 12);
    expect(report.backwardError).toBeLessThan(1e-15);
  });

  it("'symmetric': sparse LDLᵀ, with the inertia numpy finds", () => {
    const c = (
      fixture as {
        cases: Array<{
          n: number;
          rows: number[];
          cols: number[];
          values: number[];
          positive: number;
          negative: number;
        }>;
      }
    ).cases[1];
    const r = [...c.rows, ...c.cols];
    const k = [...c.cols, ...c.rows];
    const v = [...c.values, ...c.values];
    // the diagonal was listed twice: fromTriplets sums, so halve those entries
    for (let q = 0; q < c.rows.length; q++) if (c.rows[q] === c.cols[q]) v[q] = v[c.rows.length + q] = c.values[q] / 2;
    const K = SparseMatrix.fromTriplets(c.n, c.n, r, k, v);
    using p = prepare(K, { structure: 'symmetric' });
    expect(p.solver).toBe('sparse-ldlt');
    const b = randomVector(c.n, 3);
    expect(scaledResidual(K, p.solve(b), b)).toBeLessThan(30);
    expect(p.report.inertia).toEqual({ positive: c.positive, negative: c.negative, zero: 0 });
  });

  it("'general': GMRES on the sparse products (and Aᵀ through rmatvec), the report says so", () => {
    const A = spdOnPattern(grid2d(6, 6), 4);
    // Make it non-symmetric: scale the strictly lower entries.
    const G = new SparseMatrix(
      A.rows,
      A.cols,
      A.colPtr,
      A.rowIndex,
      A.values.map((x, q) => (A.rowIndex[q] > colOf(A, q) ? 0.5 * x : x)),
    );
    using p = prepare(G, { structure: 'general' });
    expect(p.solver).toBe('gmres');
    using d = prepare(G.toDense(), { structure: 'general' });
    const b = randomVector(G.rows, 5);
    close(p.solve(b), d.solve(b), 1e-8);
    close(p.solveTransposed(b), d.solveTransposed(b), 1e-8);
    expect(p.report.iterations).toBeGreaterThan(0);
  });

  it('errors: not symmetric, not positive definite, onSingular', () => {
    const G = SparseMatrix.fromTriplets(3, 3, [0, 1, 2, 1], [0, 1, 2, 0], [2, 2, 2, 1]);
    expect(() => prepare(G, { structure: 'spd' })).toThrow(NotSymmetricError);
    try {
      prepare(G, { structure: 'spd' });
    } catch (error) {
      expect([(error as NotSymmetricError).row, (error as NotSymmetricError).col]).toEqual([1, 0]);
    }
    // checkSymmetry: false factors the lower triangle as given
    using low = prepare(lowerOf(H), { structure: 'spd', checkSymmetry: false });
    const b = randomVector(n, 6);
    close(low.solve(b), prepare(H, { structure: 'spd' }).solve(b), 1e-13);
    const indefinite = SparseMatrix.fromTriplets(2, 2, [0, 1, 1, 0], [0, 1, 0, 1], [1, 1, 2, 2]);
    expect(() => prepare(indefinite, { structure: 'spd' })).toThrow(NotPositiveDefiniteError);
    expect(() => prepare(indefinite, { structure: 'spd' })).toThrow(/^A is not positive definite/);
    expect(() => prepare(H, { structure: 'spd', onSingular: 'lstsq' })).toThrow(ArgumentError);
    expect(() => prepare(SparseMatrix.fromTriplets(2, 3, [0], [0], [1]), { structure: 'spd' })).toThrow(/square/);
  });

  it("method: 'dense' factors the dense form, 'krylov' iterates on the sparse products", () => {
    using dense = prepare(H, { structure: 'spd', method: 'dense' });
    expect(dense.solver).toBe('cholesky');
    using cg = prepare(H, { structure: 'spd', method: 'krylov' });
    expect(cg.solver).toBe('cg');
    const b = randomVector(n, 7);
    close(cg.solve(b), dense.solve(b), 1e-8);
  });
});

describe('the implicit API with SparseMatrix derivatives', () => {
  it('hypergradient and implicitJacobian equal their dense forms', () => {
    const H = spdOnPattern(patternClasses().random, 3);
    const ny = H.rows;
    const C = sparseRandom(ny, 12, 3, 4);
    const g = randomVector(ny, 5);
    const reports: SolveReport[] = [];
    const hg = hypergradient(H, C, g, { onReport: (r) => reports.push(r) });
    close(hg, hypergradient(H.toDense(), C.toDense(), g), 1e-12);
    expect(reports[0].solver).toBe('sparse-cholesky');
    expect(reports[0].fillRatio).toBeGreaterThanOrEqual(1);
    const J = implicitJacobian(H, C, { structure: 'spd' });
    expect(J).toBeInstanceOf(Matrix);
    close(J.data, implicitJacobian(H.toDense(), C.toDense(), { structure: 'spd' }).data, 1e-12);
    // A prepared sparse factorization serves many hypergradients.
    using p = prepare(H, { structure: 'spd' });
    close(hypergradient(p, C, g), hg, 0);
  });

  it('a hypergradient at n = 100,000 (a dense Hessian would need 80 GB): nothing n × n is formed', () => {
    const n = 100_000;
    // H = tridiag(−1, 2.5, −1), C = I: −H⁻¹ g, checked through H·(−result) = g.
    const colPtr = new Int32Array(n + 1);
    const rowIndex = new Int32Array(3 * n - 2);
    const values = new Float64Array(3 * n - 2);
    let q = 0;
    for (let j = 0; j < n; j++) {
      for (const i of [j - 1, j, j + 1]) {
        if (i < 0 || i >= n) continue;
        rowIndex[q] = i;
        values[q++] = i === j ? 2.5 : -1;
      }
      colPtr[j + 1] = q;
    }
    const H = new SparseMatrix(n, n, colPtr, rowIndex, values);
    const diagonal = Int32Array.from({ length: n + 1 }, (_, j) => j);
    const C = new SparseMatrix(n, n, diagonal, diagonal.subarray(0, n), new Float64Array(n).fill(1));
    const g = randomVector(n, 8);
    const hg = hypergradient(H, C, g);
    const back = H.matvec(hg.map((x) => -x));
    close(back, g, 1e-13);
  });

  it('implicitArgmin with sparse hessian and crossHessian callbacks: sparse Cholesky, as dense', () => {
    // g(x, y) = ½ yᵀ H y − xᵀ B y: y* = H⁻¹ Bᵀ... with ∂²g/∂y∂xᵀ = −Bᵀ (ny × nx).
    const H = spdOnPattern(grid2d(7, 7), 9);
    const ny = H.rows;
    const B = sparseRandom(ny, 5, 2, 10);
    const Bt = B; // ny × nx: ∂g/∂y = H y − B x
    const Hd = H.toDense();
    const solveDense = (rhs: Float64Array) => prepare(Hd, { structure: 'spd' }).solve(rhs);
    const spec = (sparse: boolean) => ({
      solve: (x: Float64Array) => solveDense(Bt.matvec(x)),
      grad: (x: Float64Array, y: Float64Array) => {
        const hy = H.matvec(y);
        const bx = Bt.matvec(x);
        return hy.map((t, i) => t - bx[i]);
      },
      hessian: () => (sparse ? H : Hd),
      crossHessian: () => {
        const M = new SparseMatrix(
          ny,
          5,
          Bt.colPtr,
          Bt.rowIndex,
          Bt.values.map((t) => -t),
        );
        return sparse ? M : M.toDense();
      },
    });
    const x = randomVector(5, 11);
    const loss = (y: Float64Array): [number, Float64Array] => [0.5 * y.reduce((s, t) => s + t * t, 0), y.slice()];
    const s = implicitArgmin(spec(true)).valueAndGrad(x, loss);
    const d = implicitArgmin(spec(false)).valueAndGrad(x, loss);
    close(s.grad, d.grad, 1e-11);
    expect(s.report.solver).toBe('sparse-cholesky');
    expect(s.report.nnzL).toBeGreaterThan(0);
    expect(d.report.solver).toBe('cholesky');
  });

  it('implicitFixedPoint with a sparse dTdy: dTdy − I stays sparse, solved by GMRES', () => {
    const n = 30;
    const r: number[] = [];
    const c: number[] = [];
    const v: number[] = [];
    for (let i = 0; i < n; i++) {
      if (i > 0) {
        r.push(i);
        c.push(i - 1);
        v.push(0.3);
      }
      if (i + 1 < n) {
        r.push(i);
        c.push(i + 1);
        v.push(0.2);
      }
    }
    // T(x, y) = M y + x with ‖M‖ < 1: y* = (I − M)⁻¹ x, dy*/dx = (I − M)⁻¹.
    const M = SparseMatrix.fromTriplets(n, n, r, c, v);
    const idx = Array.from({ length: n }, (_, i) => i);
    const I = SparseMatrix.fromTriplets(n, n, idx, idx, Array(n).fill(1));
    const Md = M.toDense();
    const fp = (sparse: boolean) =>
      implicitFixedPoint({
        solve: (x: Float64Array) => {
          let y = new Float64Array(n);
          for (let k = 0; k < 200; k++) {
            const my = M.matvec(y);
            y = my.map((t, i) => t + x[i]);
          }
          return y;
        },
        T: (x: Float64Array, y: Float64Array) => M.matvec(y).map((t, i) => t + x[i]),
        dTdy: () => (sparse ? M : Md),
        dTdx: () => (sparse ? I : I.toDense()),
      });
    const x = randomVector(n, 12);
    const js = fp(true).jacobian(x);
    const jd = fp(false).jacobian(x);
    expect(js.report.solver).toBe('gmres');
    close(js.jacobian.data, jd.jacobian.data, 1e-8);
  });
});

function colOf(A: SparseMatrix, q: number): number {
  let j = 0;
  while (A.colPtr[j + 1] <= q) j++;
  return j;
}
