import { dot } from '../krylov/vector.js';
import { type Certificate, certificateScales, certify, type QPStatus } from './certificates.js';
import { type NewtonSolver, NewtonSystem } from './newton-system.js';
import { ResidentOperands } from './operands.js';
import type { QPData } from './problem.js';
import { type QPOperands, sparseOperands } from './products.js';
import { SparseNewtonSystem } from './sparse-newton-system.js';
import { normInf } from './vectors.js';

export type { QPStatus } from './certificates.js';

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
  certificate?: Certificate;
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
 * the fourth row (see {@link tauCoefficient}, which also holds when K is singular). Termination
 * criteria are those of Clarabel and OSQP: relative residuals and gap of (x, ν, λ)/τ for
 * optimality, scale-aware certificate tests on the normalized iterate for the rest
 * ({@link certify}).
 */
export function interiorPoint(qp: QPData, options: InteriorPointOptions): InteriorPointResult {
  const { n, p, m, c, b, h } = qp;
  const { ops, system, release } = linearAlgebra(qp);
  const scales = certificateScales(qp);
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
      // Certificates, tested on the normalized iterate.
      const found = certify({ x, nu, lambda, Qx, Ax, Gx, Atnu, Gtl, cx, bhy }, scales, options.infeasibilityTolerance);
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
      const denominator = tauCoefficient(ops, x, tau, kappa, vx, vnu, vl, w, qp);

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

/**
 * The coefficient of dτ in the linearized fourth row once [dx; dν; dλ] = u − dτ·v is substituted,
 *
 *   −(κ/τ + cᵀv_x + bᵀv_ν + hᵀv_λ − ‖v_x‖²_Q + ‖v_x + x/τ‖²_Q),
 *
 * computed from the v the solver returned, as Clarabel computes it (the Δτ of its default
 * `kktsystem`). When K·v = [c; −b; −h] holds exactly, cᵀv_x + bᵀv_ν + hᵀv_λ − ‖v_x‖²_Q = ‖v_λ‖²_W, and the
 * coefficient is −(κ/τ + ‖v_λ‖²_W + ‖v_x + x/τ‖²_Q) < 0. But K is singular whenever a direction d
 * has Qd = 0, Ad = 0 and Gd = 0 (a line along which the objective is linear and every constraint
 * constant), and then K·v = [c; −b; −h] has no solution when cᵀd ≠ 0: the regularized solve puts
 * a component of size |cᵀd|/δ along d into v and into u, which the short form does not see while
 * the numerator (cᵀu_x) does — dτ came out of order 1/δ too large, and the iterates ran off
 * along the ray with τ/‖x‖ frozen instead of τ → 0. The long form is the exact Schur complement
 * of the computed u and v, so the two huge parts cancel in the quotient. It falls back on the
 * short form only if rounding makes the long one non-negative.
 */
function tauCoefficient(
  ops: QPOperands,
  x: Float64Array,
  tau: number,
  kappa: number,
  vx: Float64Array,
  vnu: Float64Array,
  vl: Float64Array,
  w: Float64Array,
  qp: QPData,
): number {
  const n = x.length;
  const vxi = vx.map((t, i) => t + x[i] / tau);
  const xiQxi = dot(vxi, ops.Q(vxi, new Float64Array(n)));
  const vQv = dot(vx, ops.Q(vx, new Float64Array(n)));
  const long = -(kappa / tau + dot(qp.c, vx) + dot(qp.b, vnu) + dot(qp.h, vl) - vQv + xiQxi);
  if (long < 0) return long;
  let vWv = 0;
  for (let i = 0; i < vl.length; i++) vWv += vl[i] * vl[i] * w[i];
  return -(kappa / tau + xiQxi + vWv);
}

/** v shifted into the positive orthant as in CVXOPT: v + (1 + max(−v))·e when some vᵢ ≤ 0. */
function shiftIntoInterior(v: Float64Array): Float64Array {
  let worst = -Infinity;
  for (let i = 0; i < v.length; i++) worst = Math.max(worst, -v[i]);
  if (worst < 0) return v;
  return v.map((t) => t + 1 + worst);
}
