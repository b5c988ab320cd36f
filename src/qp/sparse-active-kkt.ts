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
/** Refinement steps at most; each gains a factor ≈ δ·‖K̂⁻¹‖ where K is regular. */
const MAX_REFINEMENT = 10;
/**
 * K is singular to within the regularization when δ·‖K̂⁻¹‖₁ exceeds this: its smallest singular
 * value is then too close to δ for the refined solves to converge on every right-hand side, or zero.
 */
const SINGULAR = 0.1;
/** A refined solve is accepted when ‖r̂ − K̂ẑ‖∞ ≤ this·‖r̂‖∞. */
const SOLVED = 1e-9;

/**
 * The KKT matrix K = [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] of the active set of a sparse problem.
 * K is not quasi-definite (its second block is zero), so a static-pivot LDLᵀ of it could meet a zero
 * pivot; instead K is Ruiz-equilibrated (K̂ = S·K·S), the quasi-definite
 * [[Q̂ + δI, Âᵀ, Ĝ_Sᵀ], [Â, −δI, 0], [Ĝ_S, 0, −δI]] factored (sparse LDLᵀ, AMD), and every solve
 * refined against K̂ itself, which converges to K̂⁻¹r̂ at a rate δ·‖K̂⁻¹‖ per step: the regularized
 * polishing of OSQP (Stellato et al. 2020, §5.2). K̂'s condition is estimated (Hager–Higham) with
 * the regularized factor. With Q positive semidefinite, K is nonsingular exactly when its inertia is
 * (n, p + k, 0), at a strict solution with independent active rows. When it is singular to within
 * δ, inverse iteration tells along what: a null direction in x means the solution is not unique,
 * and no derivative is given; one in the multipliers only means dependent active rows, which a
 * sparse problem does not prune (that needs a rank-revealing factorization of [A; G_S]). The
 * refinement is then a proximal-point iteration, which still converges on a consistent right-hand
 * side — the vjp's [−g; 0; 0], a perturbation that keeps the dependent rows consistent — to the
 * solution nearest the regularized one; a solve that does not reach a relative residual of 1e-9 is
 * refused.
 * @throws {SingularMatrixError} when the solution is not unique (K singular along x).
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
    const refined = (r: Float64Array) =>
      refine(
        r,
        (v) => factor.solve(v),
        (z, v, out) => kktResidual(ops, n, p, k, undefined, z, v, out),
        MAX_REFINEMENT,
      );
    // ‖K̂⁻¹‖₁ on the regularized factor itself: equal to K̂'s to O(δ·‖K̂⁻¹‖) where K̂ is regular,
    // about 1/δ where it is singular, which is what the test below tells apart.
    const scaledInverseNorm = symmetricNormOneEstimate(N, (r) => factor.solve(r));
    const singular = !(delta * scaledInverseNorm <= SINGULAR);
    if (singular && nullSpaceMovesX(N, n, (r) => factor.solve(r))) {
      throw new SingularMatrixError(
        `the KKT matrix [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] at the solution is singular along x ` +
          `(δ·‖K̂⁻¹‖₁ ≈ ${(delta * scaledInverseNorm).toExponential(2)}, its null space found by inverse iteration): ` +
          'Q is singular on the null space of the active constraints, so the solution is not unique and the KKT ' +
          'conditions do not define a derivative',
        -1,
      );
    }
    const solve = (r: Float64Array) => {
      const { z, residual, scale } = refined(r.map((v, i) => v * S[i]));
      if (!(residual <= SOLVED * scale)) {
        throw new SingularMatrixError(
          'the KKT system [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]]·z = r at the solution has no solution for this ' +
            `right-hand side (the refined residual stays at ${(residual / scale).toExponential(2)} of it): the KKT matrix is ` +
            'singular — Q singular on the null space of the active constraints (the solution is not unique), or ' +
            'active constraints linearly dependent and perturbed inconsistently — so the KKT conditions do not define this derivative',
          -1,
        );
      }
      for (let i = 0; i < N; i++) z[i] *= S[i];
      return z;
    };
    // The condition of the equilibrated K̂, which the solves see (the scaling S is exact).
    const rcond = singular ? 0 : 1 / (symmetricNormOne(Qs, As, Gs) * scaledInverseNorm);
    const inertia = factor.inertia();
    const secondOrderSufficient =
      !singular && inertia.positive === n && inertia.negative === p + k && inertia.zero === 0;
    const warnings = singular
      ? [
          `the KKT matrix is singular to within its regularization (δ·‖K̂⁻¹‖₁ ≈ ${(delta * scaledInverseNorm).toExponential(2)}) ` +
            'along the multipliers only: active constraints are linearly dependent (a sparse problem keeps them all; ' +
            'the multipliers are not unique, x* and dx are): the gradients of b, h, A, G split among the dependent rows, and ' +
            'a jvp along a perturbation that makes them inconsistent is refused (SingularMatrixError)',
        ]
      : kktWarnings(secondOrderSufficient, inertia, n, p + k, rcond);
    return {
      solve,
      report: { order: N, inertia, secondOrderSufficient, rcond, dependent: [], warnings },
      active,
      dispose: () => factor.dispose(),
    };
  } catch (error) {
    factor.dispose();
    throw error;
  }
}

/**
 * Whether the null space of a K singular to within δ has a component in x (a solution that is not
 * unique) rather than in the multipliers only (dependent active rows): two steps of inverse
 * iteration with the regularized factor, which amplify the null directions by 1/δ against at most
 * 1/σ for the others, then the share of x in the direction found.
 */
function nullSpaceMovesX(N: number, n: number, solve: (r: Float64Array) => Float64Array): boolean {
  let v: Float64Array = Float64Array.from({ length: N }, (_, i) => Math.sin(1 + 7 * i));
  for (let step = 0; step < 2; step++) {
    v = solve(v);
    let norm = 0;
    for (let i = 0; i < N; i++) norm = Math.max(norm, Math.abs(v[i]));
    for (let i = 0; i < N; i++) v[i] /= norm;
  }
  let xPart = 0;
  for (let i = 0; i < n; i++) xPart = Math.max(xPart, Math.abs(v[i]));
  return xPart > NULL_IN_X;
}

/** The null direction moves x when its x part exceeds this (of its ∞-norm 1). */
const NULL_IN_X = 1e-6;

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
