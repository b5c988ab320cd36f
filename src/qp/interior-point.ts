import { dot } from '../krylov/vector.js';
import { type NewtonSolver, NewtonSystem } from './newton-system.js';
import { ResidentOperands } from './operands.js';
import type { QPData } from './problem.js';
import { largestEntries, type QPOperands, sparseOperands } from './products.js';
import { SparseNewtonSystem } from './sparse-newton-system.js';
import { normInf } from './vectors.js';

/** How the interior-point method ended. */
export type QPStatus = 'optimal' | 'infeasible' | 'unbounded' | 'max-iterations';

/** Tolerances and limits of the interior-point method. */
export interface InteriorPointOptions {
  /** Relative duality gap and relative primal and dual residuals to reach. */
  readonly tolerance: number;
  /** Tolerance of the infeasibility and unboundedness certificates. */
  readonly infeasibilityTolerance: number;
  readonly maxIterations: number;
}

/** The last iterate, divided by τ when the status is optimal (or max-iterations). */
export interface InteriorPointResult {
  status: QPStatus;
  iterations: number;
  x: Float64Array;
  nu: Float64Array;
  lambda: Float64Array;
  /** Slacks s = h − Gx of the stacked inequalities. */
  s: Float64Array;
  primalResidual: number;
  dualResidual: number;
  gap: number;
  primalObjective: number;
  dualObjective: number;
  /**
   * For 'infeasible': y = (ν, λ) normalized so that bᵀν + hᵀλ = −1, with λ ≥ 0 and Aᵀν + Gᵀλ ≈ 0
   * (a Farkas certificate). For 'unbounded': a direction d with cᵀd = −1, Qd ≈ 0, Ad ≈ 0, Gd ≤≈ 0.
   */
  certificate?: { nu: Float64Array; lambda: Float64Array } | { x: Float64Array };
}

/** The iterate is scaled back to unit size when it exceeds this (see the end of an iteration). */
const RESCALE_ABOVE = 1e50;

/** Fraction of the step to the boundary of the positive orthant that is taken. */
const STEP_FRACTION = 0.99;

/**
 * A primal–dual interior-point method on the homogeneous self-dual embedding of the QP
 * (Goulart & Chen, "Clarabel: an interior-point solver for conic programs with quadratic
 * objectives", 2024, §2–4; Vandenberghe, "The CVXOPT linear and quadratic cone program solvers",
 * 2010, for the Mehrotra steps and the starting point). With slacks s ≥ 0, multipliers λ ≥ 0 and
 * two more scalars τ, κ ≥ 0 the embedding is
 *
 *   Qx + Aᵀν + Gᵀλ + cτ = 0,   Ax − bτ = 0,   Gx + s − hτ = 0,
 *   κ + cᵀx + bᵀν + hᵀλ + xᵀQx/τ = 0,
 *
 * whose solutions satisfy sᵀλ + τκ = 0 (multiply the first row by xᵀ). A solution with τ > 0
 * gives the QP's solution (x, ν, λ)/τ; one with κ > 0 gives a certificate: bᵀν + hᵀλ < 0 with
 * Aᵀν + Gᵀλ = 0, λ ≥ 0 proves Ax = b, Gx ≤ h infeasible (Farkas), and cᵀx < 0 with Qx = 0,
 * Ax = 0, Gx ≤ 0 is a direction along which the objective decreases without bound. The method
 * follows the central path s∘λ = μe, τκ = μ from an infeasible start, each iteration solving the
 * Newton system for an affine (predictor) and a centred, second-order corrected (Mehrotra) step,
 * with the centring σ = (1 − α_affine)³. The Newton system eliminates ds, dκ and then dτ: with
 * K·v = [c; −b; −h] and K·u = [r₁; r₂; r₃] the step is [dx; dν; dλ] = u − dτ·v and dτ comes from
 * the fourth row, whose coefficient −(κ/τ + ‖v_x + x/τ‖²_Q + ‖v_λ‖²_W) is negative (Clarabel's
 * form of it), so it never vanishes. Termination criteria are those of Clarabel and OSQP: relative
 * residuals and gap of (x, ν, λ)/τ for optimality, the OSQP certificate tests for the rest.
 */
export function interiorPoint(qp: QPData, options: InteriorPointOptions): InteriorPointResult {
  const { n, p, m, c, b, h } = qp;
  const { ops, system, release } = linearAlgebra(qp);
  const largest = largestEntries(qp);
  try {
    // Starting point (CVXOPT coneqp): the least-squares-penalized problem
    // min ½xᵀQx + cᵀx + ½‖Gx − h‖² s.t. Ax = b, i.e. K with W = I, then s and λ shifted into the
    // interior.
    const ones = new Float64Array(m).fill(1);
    system.factor(ones);
    const neg = (v: Float64Array) => v.map((t) => -t);
    const [x0, nu0, z0] = system.solve(neg(c), b, h);
    let x = x0;
    let nu = nu0;
    let lambda = shiftIntoInterior(z0);
    let s = shiftIntoInterior(neg(z0));
    let tau = 1;
    let kappa = 1;

    const Qx = new Float64Array(n);
    const Atnu = new Float64Array(n);
    const Gtl = new Float64Array(n);
    const Ax = new Float64Array(p);
    const Gx = new Float64Array(m);
    const rx = new Float64Array(n);
    const rnu = new Float64Array(p);
    const rl = new Float64Array(m);
    const cNorm = normInf(c);
    const bhNorm = Math.max(normInf(b), normInf(h));
    let status: QPStatus = 'max-iterations';
    let iterations = 0;
    let measures = { primal: Infinity, dual: Infinity, gap: Infinity, pobj: NaN, dobj: NaN };
    let certificate: InteriorPointResult['certificate'];

    for (; ; iterations++) {
      ops.Q(x, Qx);
      ops.At(nu, Atnu);
      ops.Gt(lambda, Gtl);
      ops.A(x, Ax);
      ops.G(x, Gx);
      for (let i = 0; i < n; i++) rx[i] = Qx[i] + Atnu[i] + Gtl[i] + c[i] * tau;
      for (let i = 0; i < p; i++) rnu[i] = Ax[i] - b[i] * tau;
      for (let i = 0; i < m; i++) rl[i] = Gx[i] + s[i] - h[i] * tau;
      const xQx = dot(x, Qx);
      const cx = dot(c, x);
      const bhy = dot(b, nu) + dot(h, lambda);
      const rtau = kappa + cx + bhy + xQx / tau;

      // Optimality of (x, ν, λ)/τ.
      const pobj = (0.5 * xQx) / (tau * tau) + cx / tau;
      const dobj = (-0.5 * xQx) / (tau * tau) - bhy / tau;
      const primal =
        Math.max(normInf(rnu), normInf(rl)) / tau / Math.max(1, bhNorm, normInf(Ax) / tau, normInf(Gx) / tau);
      const dual = normInf(rx) / tau / Math.max(1, cNorm, normInf(Qx) / tau, normInf(Atnu) / tau, normInf(Gtl) / tau);
      const gap = Math.abs(pobj - dobj) / Math.max(1, Math.min(Math.abs(pobj), Math.abs(dobj)));
      measures = { primal, dual, gap, pobj, dobj };
      if (primal <= options.tolerance && dual <= options.tolerance && gap <= options.tolerance) {
        status = 'optimal';
        break;
      }
      // Certificates: the tests are invariant to the scale of the iterate, which grows along the
      // certificate when one exists.
      const found = certify(qp, x, nu, lambda, Qx, Ax, Gx, Atnu, Gtl, cx, bhy, options.infeasibilityTolerance, largest);
      if (found !== undefined) {
        status = found.status;
        certificate = found.certificate;
        break;
      }
      if (iterations >= options.maxIterations) break;

      const mu = (dot(s, lambda) + tau * kappa) / (m + 1);
      const w = new Float64Array(m);
      for (let i = 0; i < m; i++) w[i] = s[i] / lambda[i];
      system.factor(w);
      const [vx, vnu, vl] = system.solve(c, neg(b), neg(h));
      // −(κ/τ + ‖v_x + x/τ‖²_Q + ‖v_λ‖²_W): the coefficient of dτ in the fourth row.
      const vxi = vx.map((t, i) => t + x[i] / tau);
      const Qvxi = ops.Q(vxi, new Float64Array(n));
      let vWv = 0;
      for (let i = 0; i < m; i++) vWv += vl[i] * vl[i] * w[i];
      const denominator = -(kappa / tau + dot(vxi, Qvxi) + vWv);

      const direction = (eta: number, dsRhs: Float64Array, dkRhs: number) => {
        const r1 = rx.map((t) => -eta * t);
        const r2 = rnu.map((t) => -eta * t);
        const r3 = new Float64Array(m);
        for (let i = 0; i < m; i++) r3[i] = -eta * rl[i] + dsRhs[i] / lambda[i];
        const [ux, unu, ul] = system.solve(r1, r2, r3);
        let numerator = -eta * rtau + dkRhs / tau - dot(c, ux) - dot(b, unu) - dot(h, ul);
        numerator -= (2 * dot(Qx, ux)) / tau;
        const dtau = numerator / denominator;
        const dx = ux.map((t, i) => t - dtau * vx[i]);
        const dnu = unu.map((t, i) => t - dtau * vnu[i]);
        const dl = ul.map((t, i) => t - dtau * vl[i]);
        const ds = new Float64Array(m);
        for (let i = 0; i < m; i++) ds[i] = -(dsRhs[i] + s[i] * dl[i]) / lambda[i];
        const dkappa = -(dkRhs + kappa * dtau) / tau;
        return { dx, dnu, dl, ds, dtau, dkappa };
      };
      const stepToBoundary = (d: ReturnType<typeof direction>) => {
        let alpha = 1;
        for (let i = 0; i < m; i++) {
          if (d.ds[i] < 0) alpha = Math.min(alpha, -s[i] / d.ds[i]);
          if (d.dl[i] < 0) alpha = Math.min(alpha, -lambda[i] / d.dl[i]);
        }
        if (d.dtau < 0) alpha = Math.min(alpha, -tau / d.dtau);
        if (d.dkappa < 0) alpha = Math.min(alpha, -kappa / d.dkappa);
        return alpha;
      };

      const sl = s.map((t, i) => t * lambda[i]);
      const affine = direction(1, sl, tau * kappa);
      const alphaAffine = stepToBoundary(affine);
      const sigma = (1 - alphaAffine) ** 3;
      const corrected = new Float64Array(m);
      for (let i = 0; i < m; i++) corrected[i] = sl[i] + affine.ds[i] * affine.dl[i] - sigma * mu;
      const step = direction(1 - sigma, corrected, tau * kappa + affine.dtau * affine.dkappa - sigma * mu);
      const alpha = Math.min(1, STEP_FRACTION * stepToBoundary(step));

      x = x.map((t, i) => t + alpha * step.dx[i]);
      nu = nu.map((t, i) => t + alpha * step.dnu[i]);
      lambda = lambda.map((t, i) => t + alpha * step.dl[i]);
      s = s.map((t, i) => t + alpha * step.ds[i]);
      tau += alpha * step.dtau;
      kappa += alpha * step.dkappa;
      // The embedding is homogeneous and every step equivariant under (x, ν, λ, s, τ, κ) ↦ t·(…):
      // the residuals and directions scale by t, complementarity and μ by t², and every test is of
      // ratios. Along a certificate the iterate grows without bound, so it is scaled back before it
      // overflows; the sequence of rays, and so every decision, is unchanged.
      const size = Math.max(normInf(x), normInf(nu), normInf(lambda), normInf(s), tau, kappa);
      if (size > RESCALE_ABOVE) {
        const t = 1 / size;
        x = x.map((v) => v * t);
        nu = nu.map((v) => v * t);
        lambda = lambda.map((v) => v * t);
        s = s.map((v) => v * t);
        tau *= t;
        kappa *= t;
      }
    }

    const scale = status === 'optimal' || status === 'max-iterations' ? 1 / tau : 1;
    return {
      status,
      iterations,
      x: x.map((t) => t * scale),
      nu: nu.map((t) => t * scale),
      lambda: lambda.map((t) => t * scale),
      s: s.map((t) => t * scale),
      primalResidual: measures.primal,
      dualResidual: measures.dual,
      gap: measures.gap,
      primalObjective: measures.pobj,
      dualObjective: measures.dobj,
      certificate,
    };
  } finally {
    system.dispose();
    release();
  }
}

/**
 * The products and the Newton system of a problem: Q, A, G resident in WebAssembly memory with the
 * reduced dense system for a dense problem; CSC products with the unreduced sparse KKT matrix for a
 * sparse one.
 */
function linearAlgebra(qp: QPData): { ops: QPOperands; system: NewtonSolver; release: () => void } {
  if (qp.kind === 'sparse') {
    const ops = sparseOperands(qp.Q, qp.A, qp.G);
    return { ops, system: new SparseNewtonSystem(qp, ops), release: () => {} };
  }
  const ops = new ResidentOperands(qp);
  return { ops, system: new NewtonSystem(qp, ops), release: () => ops.dispose() };
}

/** v shifted into the positive orthant as in CVXOPT: v + (1 + max(−v))·e when some vᵢ ≤ 0. */
function shiftIntoInterior(v: Float64Array): Float64Array {
  let worst = -Infinity;
  for (let i = 0; i < v.length; i++) worst = Math.max(worst, -v[i]);
  if (worst < 0) return v;
  return v.map((t) => t + 1 + worst);
}

/**
 * The OSQP certificate tests (Banjac et al., "Infeasibility detection in the alternating direction
 * method of multipliers for convex optimization", 2019) on the unnormalized iterate:
 * primal infeasibility when ‖Aᵀν + Gᵀλ‖∞ ≤ ε‖y‖∞·‖[A; G]‖ and bᵀν + hᵀλ < −ε‖y‖∞·‖(b, h)‖, with
 * y = (ν, λ); unboundedness when ‖Qx‖∞ ≤ ε‖x‖∞‖Q‖, xᵀQx ≤ ε|cᵀx|‖x‖∞, ‖Ax‖∞ ≤ ε‖x‖∞‖A‖,
 * Gx ≤ ε‖x‖∞‖G‖ and cᵀx < −ε‖x‖∞‖c‖ (‖·‖ of a matrix the largest entry, floored at 1).
 */
function certify(
  qp: QPData,
  x: Float64Array,
  nu: Float64Array,
  lambda: Float64Array,
  Qx: Float64Array,
  Ax: Float64Array,
  Gx: Float64Array,
  Atnu: Float64Array,
  Gtl: Float64Array,
  cx: number,
  bhy: number,
  epsilon: number,
  largest: { Q: number; A: number; G: number },
): Pick<InteriorPointResult, 'status' | 'certificate'> | undefined {
  const scaleOf = (v: Float64Array) => Math.max(1, normInf(v));
  const yNorm = Math.max(normInf(nu), normInf(lambda));
  if (yNorm > 0 && bhy < -epsilon * yNorm * Math.max(scaleOf(qp.b), scaleOf(qp.h))) {
    const residual = Atnu.map((t, i) => t + Gtl[i]);
    if (normInf(residual) <= epsilon * yNorm * Math.max(1, largest.A, largest.G)) {
      const k = -1 / bhy;
      return {
        status: 'infeasible',
        certificate: { nu: nu.map((t) => t * k), lambda: lambda.map((t) => t * k) },
      };
    }
  }
  const xNorm = normInf(x);
  if (xNorm > 0 && cx < -epsilon * xNorm * scaleOf(qp.c)) {
    const bound = epsilon * xNorm;
    // And xᵀQx ≤ ε·|cᵀx|·‖x‖∞: along x/‖x‖∞ the objective keeps decreasing for a distance of at
    // least 1/ε, so a small curvature of a badly scaled Q is not mistaken for none.
    let ok =
      normInf(Qx) <= bound * Math.max(1, largest.Q) &&
      dot(x, Qx) <= -epsilon * cx * xNorm &&
      normInf(Ax) <= bound * Math.max(1, largest.A);
    const gScale = Math.max(1, largest.G);
    for (let i = 0; ok && i < qp.m; i++) ok = Gx[i] <= bound * gScale;
    if (ok) return { status: 'unbounded', certificate: { x: x.map((t) => -t / cx) } };
  }
  return undefined;
}
