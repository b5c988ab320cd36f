import type { SparseMatrix } from '../sparse/sparse-matrix.js';
import type { QPData } from './problem.js';
import { normInf } from './vectors.js';

/** How the interior-point method ended. */
export type QPStatus = 'optimal' | 'infeasible' | 'unbounded' | 'max-iterations';

/**
 * A Farkas certificate (ν, λ) normalized so that bᵀν + hᵀλ = −1, or a direction of unbounded
 * descent x normalized so that cᵀx = −1.
 */
export type Certificate = { nu: Float64Array; lambda: Float64Array } | { x: Float64Array };

/** The norms of the data that the certificate tests compare residuals with. */
export interface CertificateScales {
  /** ‖Qᵢ‖₁, ‖Aᵢ‖₁, ‖Gᵢ‖₁ for each row i (bound rows of G included). */
  readonly rowsQ: Float64Array;
  readonly rowsA: Float64Array;
  readonly rowsG: Float64Array;
  /** ‖A₍:ⱼ₎‖₁ + ‖G₍:ⱼ₎‖₁ for each column j. */
  readonly columnsAG: Float64Array;
  /** ‖c‖₁ and ‖b‖₁ + ‖h‖₁. */
  readonly c: number;
  readonly bh: number;
}

/** An iterate of the embedding with the products the tests read (none of them normalized). */
export interface CertificateCandidate {
  x: Float64Array;
  nu: Float64Array;
  lambda: Float64Array;
  Qx: Float64Array;
  Ax: Float64Array;
  Gx: Float64Array;
  Atnu: Float64Array;
  Gtl: Float64Array;
  /** cᵀx and bᵀν + hᵀλ. */
  cx: number;
  bhy: number;
}

/** The row and column 1-norms of a problem, O(nnz). */
export function certificateScales(qp: QPData): CertificateScales {
  const { n, p, m } = qp;
  const rowsQ = new Float64Array(n);
  const rowsA = new Float64Array(p);
  const rowsG = new Float64Array(m);
  const columnsAG = new Float64Array(n);
  addAbsoluteSums(qp.Q, n, rowsQ);
  addAbsoluteSums(qp.A, n, rowsA, columnsAG);
  addAbsoluteSums(qp.G, n, rowsG, columnsAG);
  const oneNorm = (v: Float64Array) => v.reduce((t, u) => t + Math.abs(u), 0);
  return { rowsQ, rowsA, rowsG, columnsAG, c: oneNorm(qp.c), bh: oneNorm(qp.b) + oneNorm(qp.h) };
}

/** rows[i] += Σⱼ |mᵢⱼ| and columns[j] += Σᵢ |mᵢⱼ| for M dense row-major (n columns) or CSC. */
function addAbsoluteSums(M: SparseMatrix | Float64Array, n: number, rows: Float64Array, columns?: Float64Array) {
  if (M instanceof Float64Array) {
    for (let i = 0; i < rows.length; i++) {
      for (let j = 0; j < n; j++) {
        const t = Math.abs(M[i * n + j]);
        rows[i] += t;
        if (columns !== undefined) columns[j] += t;
      }
    }
    return;
  }
  for (let j = 0; j < n; j++) {
    for (let q = M.colPtr[j]; q < M.colPtr[j + 1]; q++) {
      const t = Math.abs(M.values[q]);
      rows[M.rowIndex[q]] += t;
      if (columns !== undefined) columns[j] += t;
    }
  }
}

/**
 * The certificate tests of the homogeneous embedding, on the iterate normalized to unit ∞-norm:
 * the embedding is homogeneous, the unnormalized iterate grows along a certificate when there is
 * one, and only its direction matters. Two kinds of condition, at the tolerance ε:
 *
 * - Backward error: the normalized vector is an exact certificate for data perturbed by relative ε,
 *   each row (each column, for the Farkas combination) against its own 1-norm — not against the
 *   largest entry and with no floor at 1, so that neither a badly scaled row nor a matrix whose
 *   entries are all tiny is measured on a foreign scale. Floating point can meet it whenever ε
 *   exceeds (number of terms)·u: the rounding error of Mᵢ·d is at most that times ‖Mᵢ‖₁‖d‖∞.
 * - Distance: the certified quantity dominates what the residuals could undo within a distance 1/ε,
 *   as in Clarabel's `is_primal_infeasible` / `is_dual_infeasible`, which compare the residuals
 *   with −bᵀz and −cᵀx. Backward error alone is not enough: relative to large columns (rows) a
 *   residual may be small and still ruin the certificate.
 *
 * Infeasibility (Farkas), with y = (ν, λ)/‖(ν, λ)‖∞ (λ ≥ 0 in the interior), β = −(bᵀy_ν + hᵀy_λ)
 * and r = Aᵀy_ν + Gᵀy_λ: β > ε(‖b‖₁ + ‖h‖₁), |rⱼ| ≤ ε(‖A₍:ⱼ₎‖₁ + ‖G₍:ⱼ₎‖₁) and ‖r‖∞ ≤ √ε·β. Any x
 * with Ax = b, Gx ≤ h has rᵀx ≤ −β, so feasible points, if any, lie beyond ‖x‖₁ ≥ 1/√ε. The
 * backward-error condition carries the precision; the distance one is a guard against a residual
 * that is small only next to large columns (rows of very different scales in one column: such a
 * combination of a feasible problem, with ‖r‖∞ ≈ 2000β, passed the column test), held at √ε
 * rather than ε because the iterates of an infeasible problem can stall with ‖r‖∞ ≈ 1e-7·β.
 *
 * Unboundedness, with d = x/‖x‖∞ and γ = −cᵀd: γ > ε‖c‖₁, |(Qd)ᵢ| ≤ ε‖Qᵢ‖₁, |(Ad)ᵢ| ≤ ε‖Aᵢ‖₁,
 * (Gd)ᵢ ≤ ε‖Gᵢ‖₁ (bound rows included), and dᵀQd ≤ εγ: along d the objective changes by
 * −γt + ½t²dᵀQd, so it decreases for t up to 2/ε, and a problem that is bounded after all has its
 * minimizer at least that far out (in the units of x; after equilibration, units in which Q, A
 * and G are of order one). This is what keeps a Q with a tiny curvature q ≤ ε‖Q‖ along a descent
 * direction — a bounded problem, its minimizer at a distance of order γ/q — from being declared
 * unbounded when q < ε‖Q‖ but γ/q < 1/ε. The curvature, not ‖Qd‖ against γ, because ‖Qd‖ carries
 * the stiff components of an inexact direction at full weight (‖Qd‖² ≤ ‖Q‖·dᵀQd). The row tests of
 * G say the same of the constraints: a row that stops the ray from a feasible x₀ with slack sᵢ
 * does so only after a distance sᵢ/(ε‖Gᵢ‖₁), its slack measured in units of x.
 *
 * @returns the status and the certificate (normalized as {@link Certificate} says), or undefined.
 */
export function certify(
  at: CertificateCandidate,
  scales: CertificateScales,
  epsilon: number,
): { status: QPStatus; certificate: Certificate } | undefined {
  const { x, nu, lambda, cx, bhy } = at;
  const yNorm = Math.max(normInf(nu), normInf(lambda));
  const beta = yNorm > 0 ? -bhy / yNorm : 0;
  if (beta > epsilon * scales.bh) {
    const distance = Math.sqrt(epsilon);
    let ok = true;
    for (let j = 0; ok && j < x.length; j++) {
      const r = Math.abs(at.Atnu[j] + at.Gtl[j]) / yNorm;
      ok = r <= epsilon * scales.columnsAG[j] && r <= distance * beta;
    }
    if (ok) {
      const k = -1 / bhy;
      return { status: 'infeasible', certificate: { nu: nu.map((t) => t * k), lambda: lambda.map((t) => t * k) } };
    }
  }
  const xNorm = normInf(x);
  const gamma = xNorm > 0 ? -cx / xNorm : 0;
  if (gamma > epsilon * scales.c) {
    const withinRows = (Mx: Float64Array, norms: Float64Array, oneSided: boolean) => {
      for (let i = 0; i < Mx.length; i++) {
        const t = Mx[i] / xNorm;
        if ((oneSided ? t : Math.abs(t)) > epsilon * norms[i]) return false;
      }
      return true;
    };
    let curvature = 0;
    for (let i = 0; i < x.length; i++) curvature += (x[i] / xNorm) * (at.Qx[i] / xNorm);
    if (
      curvature <= epsilon * gamma &&
      withinRows(at.Qx, scales.rowsQ, false) &&
      withinRows(at.Ax, scales.rowsA, false) &&
      withinRows(at.Gx, scales.rowsG, true)
    ) {
      return { status: 'unbounded', certificate: { x: x.map((t) => -t / cx) } };
    }
  }
  return undefined;
}
