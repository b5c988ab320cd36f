import { SingularMatrixError } from '../errors.js';
import { type LDLT, ldlt } from '../linalg/ldlt.js';
import { Matrix } from '../linalg/matrix.js';
import { type ActiveKKT, kktWarnings, SINGULAR_RCOND } from './active-kkt.js';
import { independentRows } from './independent-rows.js';
import { constraintOf, type DenseQP } from './problem.js';

/**
 * Bunch–Kaufman LDLᵀ of K = [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] for a dense problem, its
 * inertia and condition checked. Dependent active rows (LICQ fails, as at a degenerate vertex)
 * make K singular though x* may still be unique: a maximal independent subset is kept — the
 * strongest multipliers first — and the multipliers recomputed on it; the rows left out are
 * treated as inactive.
 * @throws {SingularMatrixError} when K is numerically singular with independent active rows.
 */
export function denseActiveKKT(qp: DenseQP, active: Int32Array, lambdaActive: Float64Array): ActiveKKT {
  const { n, p } = qp;
  const warnings: string[] = [];
  let factor = factorKKT(qp, active);
  const dependent: number[] = [];
  let multipliers: ActiveKKT['multipliers'];
  if (factor === undefined) {
    const byMultiplier = Array.from(active, (row, a) => ({ row, lambda: lambdaActive[a] }));
    byMultiplier.sort((u, v) => v.lambda - u.lambda);
    const kept = independentRows(
      qp,
      byMultiplier.map((e) => e.row),
    );
    for (const row of active) if (!kept.includes(row)) dependent.push(row);
    if (dependent.length === 0) throw singularKKT();
    active = Int32Array.from(kept).sort();
    factor = factorKKT(qp, active);
    if (factor === undefined) throw singularKKT();
    // [x; ν; λ_S] = K⁻¹[−c; b; h_S]: the multipliers of the independent active set.
    const rhs = new Float64Array(n + p + active.length);
    for (let i = 0; i < n; i++) rhs[i] = -qp.c[i];
    rhs.set(qp.b, n);
    active.forEach((row, a) => {
      rhs[n + p + a] = qp.h[row];
    });
    const z = factor.solve(rhs);
    multipliers = { nu: z.slice(n, n + p), lambdaActive: z.slice(n + p) };
    warnings.push(
      `${dependent.length} active constraint${dependent.length === 1 ? ' is' : 's are'} linearly dependent on the others ` +
        '(the multipliers are not unique): left out of the KKT matrix, so the derivative is one-sided for perturbations of them',
    );
  }
  const k = active.length;
  const rcond = factor.rcond();
  const inertia = factor.inertia();
  const secondOrderSufficient = inertia.positive === n && inertia.negative === p + k && inertia.zero === 0;
  warnings.push(...kktWarnings(secondOrderSufficient, inertia, n, p + k, rcond));
  const f = factor;
  return {
    solve: (r) => f.solve(r),
    report: {
      order: n + p + k,
      inertia,
      secondOrderSufficient,
      rcond,
      dependent: dependent.map((row) => constraintOf(qp, row)),
      warnings,
    },
    active,
    multipliers,
    dispose: () => f.dispose(),
  };
}

/** LDLᵀ of K on the active set, or undefined when K is numerically singular. */
function factorKKT(qp: DenseQP, active: Int32Array): LDLT | undefined {
  const { n, p, Q, A, G } = qp;
  const k = active.length;
  const N = n + p + k;
  const K = new Float64Array(N * N);
  for (let i = 0; i < n; i++) K.set(Q.subarray(i * n, i * n + i + 1), i * N);
  for (let i = 0; i < p; i++) K.set(A.subarray(i * n, (i + 1) * n), (n + i) * N);
  active.forEach((row, a) => {
    K.set(G.subarray(row * n, (row + 1) * n), (n + p + a) * N);
  });
  let factor: LDLT;
  try {
    factor = ldlt(new Matrix(N, N, K));
  } catch (error) {
    if (error instanceof SingularMatrixError) return undefined;
    throw error;
  }
  if (!(factor.rcond() >= SINGULAR_RCOND)) {
    factor.dispose();
    return undefined;
  }
  return factor;
}

function singularKKT(): SingularMatrixError {
  return new SingularMatrixError(
    `the KKT matrix [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]] at the solution is numerically singular ` +
      `(rcond < ${SINGULAR_RCOND}) with independent active inequalities: Q is singular on the null space of ` +
      'the active constraints (the solution is not unique) or the rows of A are dependent, so the KKT conditions do ' +
      'not define a derivative',
    -1,
  );
}
