import { SingularMatrixError } from '../errors.js';
import { sparseLdltOf } from '../sparse/ldlt.js';
import { SparseMatrix } from '../sparse/sparse-matrix.js';
import { type ActiveKKT, kktWarnings } from './active-kkt.js';
import { symmetricNormOneEstimate } from './condition.js';
import { entriesOf, ruiz, withValues } from './equilibrate.js';
import type { SparseQP } from './problem.js';
import { sparseOperands } from './products.js';
import { kktResidual, refine } from './refinement.js';
import { SparseKKT } from './sparse-kkt.js';
import { DYNAMIC_REGULARIZATION } from './sparse-newton-system.js';

/** Regularization δ of the derivative's sparse KKT matrix, relative to max(1, its largest entry). */
const REGULARIZATION = 1e-10;
/** Refinement steps at most; each gains a factor ≈ δ·‖K⁻¹‖ (below 0.1 where K is accepted). */
const MAX_REFINEMENT = 10;
/**
 * K is treated as singular when δ·‖K⁻¹‖₁ exceeds this: its smallest singular value is then too
 * close to the regularization for the refined solves to converge, or zero.
 */
const SINGULAR = 0.1;

/**
 * The KKT matrix K = [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] of the active set of a sparse problem.
 * K is not quasi-definite (its second block is zero), so a static-pivot LDLᵀ of it could meet a zero
 * pivot; instead the quasi-definite [[Q + δI, Aᵀ, G_Sᵀ], [A, −δI, 0], [G_S, 0, −δI]] is factored
 * (sparse LDLᵀ, AMD) after a Ruiz equilibration of K, and every solve refined against the
 * equilibrated K itself, which converges to K⁻¹r at a rate δ·‖K̂⁻¹‖ per step: the regularized
 * polishing of OSQP (Stellato et al. 2020, §5.2). K's condition is estimated on the refined solves
 * (Hager–Higham); with Q positive semidefinite, K is nonsingular
 * exactly when its inertia is (n, p + k, 0), i.e. at a strict solution with independent active rows.
 * Dependent active rows are not pruned (that needs a rank-revealing factorization of [A; G_S]): K is
 * then singular and refused.
 * @throws {SingularMatrixError} when K is singular to within the regularization.
 */
export function sparseActiveKKT(qp: SparseQP, active: Int32Array): ActiveKKT {
  const { n, p } = qp;
  const k = active.length;
  const N = n + p + k;
  const GS = selectRows(qp.G, active);
  // K̂ = S·K·S, S = diag(D, E_A, E_G) its Ruiz scaling, so that δ is small against every row of K̂
  // whatever the units of the data; K⁻¹r = S·K̂⁻¹·(S·r).
  const entries = [entriesOf(qp.Q, n, n), entriesOf(qp.A, p, n), entriesOf(GS, k, n)] as const;
  const { D, EA, EG } = ruiz(...entries, n, p, k);
  const S = new Float64Array(N);
  S.set(D);
  S.set(EA, n);
  S.set(EG, n + p);
  const [Qs, As, Gs] = [qp.Q, qp.A, GS].map((M, t) => withValues(M, entries[t].values));
  const kkt = new SparseKKT(Qs, As, Gs);
  let largest = 0;
  for (const e of entries) for (const v of e.values) largest = Math.max(largest, Math.abs(v));
  const delta = REGULARIZATION * Math.max(1, largest);
  const factor = sparseLdltOf(
    kkt.matrix(undefined, delta),
    { signs: kkt.signs, regularize: DYNAMIC_REGULARIZATION },
    'the KKT matrix at the solution',
  );
  try {
    const ops = sparseOperands(Qs, As, Gs);
    const scaledSolve = (r: Float64Array) =>
      refine(
        r,
        (v) => factor.solve(v),
        (z, v, out) => kktResidual(ops, n, p, k, undefined, z, v, out),
        MAX_REFINEMENT,
      ).z;
    const solve = (r: Float64Array) => {
      const z = scaledSolve(r.map((v, i) => v * S[i]));
      for (let i = 0; i < N; i++) z[i] *= S[i];
      return z;
    };
    const scaledInverseNorm = symmetricNormOneEstimate(N, scaledSolve);
    if (!(delta * scaledInverseNorm <= SINGULAR)) {
      throw new SingularMatrixError(
        `the KKT matrix [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] at the solution is numerically singular ` +
          `(its equilibrated form has ‖K̂⁻¹‖₁ ≈ ${scaledInverseNorm.toExponential(2)}, beyond what its regularization δ = ${delta.toExponential(2)} resolves): ` +
          'Q is singular on the null space of the active constraints (the solution is not unique), or the active ' +
          'constraints are linearly dependent (a sparse problem keeps them all), so the KKT conditions do not define a derivative',
        -1,
      );
    }
    // The condition of the equilibrated K̂, which the solves see (the scaling S is exact).
    const rcond = 1 / (symmetricNormOne(Qs, As, Gs) * scaledInverseNorm);
    const inertia = factor.inertia();
    const secondOrderSufficient = inertia.positive === n && inertia.negative === p + k && inertia.zero === 0;
    return {
      solve,
      report: {
        order: N,
        inertia,
        secondOrderSufficient,
        rcond,
        dependent: [],
        warnings: kktWarnings(secondOrderSufficient, inertia, n, p + k, rcond),
      },
      active,
      dispose: () => factor.dispose(),
    };
  } catch (error) {
    factor.dispose();
    throw error;
  }
}

/** The rows `rows` of M (in that order) as a new CSC matrix. */
export function selectRows(M: SparseMatrix, rows: Int32Array): SparseMatrix {
  const position = new Int32Array(M.rows).fill(-1);
  rows.forEach((row, a) => {
    position[row] = a;
  });
  const ri: number[] = [];
  const ci: number[] = [];
  const v: number[] = [];
  for (let j = 0; j < M.cols; j++) {
    for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
      const a = position[M.rowIndex[q]];
      if (a < 0) continue;
      ri.push(a);
      ci.push(j);
      v.push(M.values[q]);
    }
  }
  return SparseMatrix.fromTriplets(rows.length, M.cols, ri, ci, v);
}

/** ‖K‖₁ of the symmetric K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, 0]] (Q stored in full): its largest column sum. */
function symmetricNormOne(Q: SparseMatrix, A: SparseMatrix, G: SparseMatrix): number {
  let norm = 0;
  const rowSums = (M: SparseMatrix) => {
    const s = new Float64Array(M.rows);
    for (let q = 0; q < M.nnz; q++) s[M.rowIndex[q]] += Math.abs(M.values[q]);
    return s;
  };
  for (let j = 0; j < Q.cols; j++) {
    let s = 0;
    for (const M of [Q, A, G]) for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) s += Math.abs(M.values[q]);
    norm = Math.max(norm, s);
  }
  for (const M of [A, G]) for (const s of rowSums(M)) norm = Math.max(norm, s);
  return norm;
}
