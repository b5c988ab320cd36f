import { ArgumentError, NonFiniteError, SingularMatrixError } from '../errors.js';
import type { VectorLike } from '../linalg/matrix.js';
import { assertFinite, asVector } from '../linalg/validate.js';
import type { ActiveKKT, KKTReport } from './active-kkt.js';
import { denseActiveKKT } from './dense-kkt.js';
import { type GradientOf, gradientOn, perturbationOperand } from './gradients.js';
import type { QPData, QPProblem } from './problem.js';
import { plainOperands } from './products.js';
import { sparseActiveKKT } from './sparse-active-kkt.js';

export type { KKTReport } from './active-kkt.js';

/**
 * A perturbation of the data of a QP (each entry optional, shaped as the datum it perturbs; a
 * matrix perturbation may be dense or a `SparseMatrix` whatever the datum's format).
 */
export type QPPerturbation = Partial<QPProblem>;

/**
 * Gradients of a scalar loss L(x*) with respect to every datum, shaped as the data (zero-sized
 * where a datum was absent; `lower`/`upper` are zero where a bound is infinite or inactive). The
 * gradient of a datum given as a `SparseMatrix` is a `SparseMatrix` on its pattern: the derivative
 * with respect to its stored entries (those of the dense gradient outside the pattern are not
 * returned); of a dense datum, a dense `Matrix`.
 */
export interface QPGradients<P extends QPProblem = QPProblem> {
  /** Symmetric: ½(w xᵀ + x wᵀ) (on Q's pattern when Q is sparse). */
  Q: GradientOf<P, 'Q'>;
  c: Float64Array;
  A: GradientOf<P, 'A'>;
  b: Float64Array;
  G: GradientOf<P, 'G'>;
  h: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/**
 * Derivatives of the solution of a QP, as OptNet (Amos & Kolter, "OptNet: differentiable
 * optimization as a layer in neural networks", 2017, §3), on the active set S: at a solution the
 * KKT conditions restricted to S,
 *
 *   Qx + c + Aᵀν + G_Sᵀλ_S = 0,   Ax = b,   G_S x = h_S,
 *
 * hold with the inactive multipliers zero, and differentiating them gives
 *
 *   K·[dx; dν; dλ_S] = −[dQ·x + dc + dAᵀν + dG_Sᵀλ_S; dA·x − db; dG_S·x − dh_S],
 *   K = [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]].
 *
 * This is OptNet's differentiated system D(λ)(Gx − h) = 0 at a strictly complementary solution
 * (its rows with λᵢ > 0, sᵢ = 0 reduce to G_i dx = dhᵢ − dGᵢx, those with λᵢ = 0 < sᵢ to dλᵢ = 0),
 * symmetric, so K is factored once (dense Bunch–Kaufman LDLᵀ with its inertia, or the regularized
 * sparse LDLᵀ with refinement: dense-kkt.ts, sparse-active-kkt.ts) and serves the JVP (K⁻¹ times
 * the perturbed residual) and the VJP (w = −K⁻¹[g; 0; 0], then ∂L/∂c = w_x,
 * ∂L/∂Q = ½(w_x xᵀ + x w_xᵀ), ∂L/∂A = ν w_xᵀ + w_ν xᵀ, ∂L/∂b = −w_ν,
 * ∂L/∂G_S = λ_S w_xᵀ + w_λ xᵀ, ∂L/∂h_S = −w_λ) alike.
 */
export class QPDerivatives {
  readonly #qp: QPData;
  #x: Float64Array;
  #nu: Float64Array;
  /** Multipliers of the rows of `#active`, in its order. */
  #lambdaActive: Float64Array;
  /** Active rows of the stacked inequalities that K holds (all of them unless some were dependent). */
  #active: Int32Array;
  #kkt: ActiveKKT | undefined;

  constructor(qp: QPData, x: Float64Array, nu: Float64Array, lambda: Float64Array, active: Int32Array) {
    this.#qp = qp;
    this.#x = x;
    this.#nu = nu;
    this.#active = active;
    this.#lambdaActive = Float64Array.from(active, (i) => lambda[i]);
  }

  /**
   * Solution polishing (as OSQP's, Stellato et al. 2020, §5.2): the active set's KKT system
   * K·[x; ν; λ_S] = [−c; b; h_S], solved with the factorization the derivatives use, gives the
   * solution of the QP with S as equalities, exact up to rounding where the interior-point iterate
   * is exact up to its tolerance. It is the QP's solution when its multipliers are nonnegative and
   * the inactive rows hold; both are checked to `tolerance` (relative), and the point then replaces
   * the one the derivatives are taken at. Returns it (λ over every stacked row), or undefined when
   * it is not the solution or K is singular.
   */
  polish(tolerance: number): { x: Float64Array; nu: Float64Array; lambda: Float64Array } | undefined {
    const { n, p, m, c, b, h } = this.#qp;
    let kkt: ActiveKKT;
    try {
      kkt = this.#ensureFactor();
    } catch (error) {
      if (error instanceof SingularMatrixError) return undefined;
      throw error;
    }
    const k = this.#active.length;
    const rhs = new Float64Array(n + p + k);
    for (let i = 0; i < n; i++) rhs[i] = -c[i];
    rhs.set(b, n);
    this.#active.forEach((row, a) => {
      rhs[n + p + a] = h[row];
    });
    let z: Float64Array;
    try {
      z = kkt.solve(rhs);
    } catch (error) {
      if (error instanceof SingularMatrixError) return undefined;
      throw error;
    }
    const x = z.slice(0, n);
    const lambdaActive = z.slice(n + p);
    let lambdaScale = 1;
    for (const l of lambdaActive) lambdaScale = Math.max(lambdaScale, Math.abs(l));
    for (const l of lambdaActive) if (l < -tolerance * lambdaScale) return undefined;
    const isActive = new Uint8Array(m);
    for (const row of this.#active) isActive[row] = 1;
    let hScale = 1;
    for (const v of h) hScale = Math.max(hScale, Math.abs(v));
    const Gx = plainOperands(this.#qp).G(x, new Float64Array(m));
    for (let i = 0; i < m; i++) {
      if (!isActive[i] && Gx[i] - h[i] > tolerance * Math.max(hScale, Math.abs(Gx[i]))) return undefined;
    }
    this.#x = x;
    this.#nu = z.slice(n, n + p);
    this.#lambdaActive = lambdaActive.map((l) => Math.max(0, l));
    const lambda = new Float64Array(m);
    this.#active.forEach((row, a) => {
      lambda[row] = this.#lambdaActive[a];
    });
    return { x: Float64Array.from(x), nu: Float64Array.from(this.#nu), lambda };
  }

  /**
   * Factors K on first use.
   * @throws {SingularMatrixError} when K is numerically singular.
   */
  report(): KKTReport {
    return this.#ensureFactor().report;
  }

  jvp(perturbation: QPPerturbation): Float64Array {
    const { n, p, mG } = this.#qp;
    if (perturbation === null || typeof perturbation !== 'object') {
      throw new ArgumentError(
        `the perturbation must be an object { Q?, c?, A?, b?, G?, h?, lower?, upper? }, got ${perturbation}`,
      );
    }
    const dQ = perturbationOperand(perturbation.Q, 'perturbation.Q', n, n);
    const dc = optionalVector(perturbation.c, 'perturbation.c', n);
    const dA = perturbationOperand(perturbation.A, 'perturbation.A', p, n);
    const db = optionalVector(perturbation.b, 'perturbation.b', p);
    const dG = perturbationOperand(perturbation.G, 'perturbation.G', mG, n);
    const dh = optionalVector(perturbation.h, 'perturbation.h', mG);
    const dLower = optionalVector(perturbation.lower, 'perturbation.lower', n);
    const dUpper = optionalVector(perturbation.upper, 'perturbation.upper', n);
    const kkt = this.#ensureFactor();
    const x = this.#x;
    const nu = this.#nu;
    const k = this.#active.length;
    const r = new Float64Array(n + p + k);
    const add = (v: Float64Array, at: number, f = 1) => {
      for (let i = 0; i < v.length; i++) r[at + i] += f * v[i];
    };
    // ½(dQ + dQᵀ)·x: only the symmetric part of dQ changes ½xᵀQx.
    if (dQ) {
      add(dQ.times(x), 0, 0.5);
      add(dQ.transposeTimes(x), 0, 0.5);
    }
    if (dc) add(dc, 0);
    if (dA) {
      add(dA.transposeTimes(nu), 0);
      add(dA.times(x), n);
    }
    if (db) add(db, n, -1);
    const lambdaG = new Float64Array(mG);
    this.#active.forEach((row, a) => {
      if (row < mG) lambdaG[row] = this.#lambdaActive[a];
    });
    const dGx = dG?.times(x);
    if (dG) add(dG.transposeTimes(lambdaG), 0);
    this.#active.forEach((row, a) => {
      const out = n + p + a;
      if (row < mG) {
        if (dGx) r[out] += dGx[row];
        if (dh) r[out] -= dh[row];
      } else {
        const [variable, upper] = this.#boundOf(row);
        if (upper && dUpper) r[out] -= dUpper[variable];
        if (!upper && dLower) r[out] += dLower[variable];
      }
    });
    const z = kkt.solve(r);
    const dx = new Float64Array(n);
    for (let i = 0; i < n; i++) dx[i] = -z[i];
    return dx;
  }

  vjp(dLdx: VectorLike): QPGradients {
    const { n, p, mG } = this.#qp;
    const g = asVector(dLdx, 'dLdx', n);
    assertFinite(g, 'dLdx');
    const kkt = this.#ensureFactor();
    const k = this.#active.length;
    const r = new Float64Array(n + p + k);
    for (let i = 0; i < n; i++) r[i] = -g[i];
    const w = kkt.solve(r);
    const x = this.#x;
    const wx = w.slice(0, n);
    const wnu = w.slice(n, n + p);
    const half = (v: Float64Array) => v.map((t) => 0.5 * t);
    const lambdaG = new Float64Array(mG);
    const wG = new Float64Array(mG);
    const h = new Float64Array(mG);
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    this.#active.forEach((row, a) => {
      const wl = w[n + p + a];
      if (row < mG) {
        lambdaG[row] = this.#lambdaActive[a];
        wG[row] = wl;
        h[row] = -wl;
      } else {
        const [variable, isUpper] = this.#boundOf(row);
        if (isUpper) upper[variable] = -wl;
        else lower[variable] = wl;
      }
    });
    const inputs = this.#qp.kind === 'sparse' ? this.#qp.inputs : {};
    return {
      Q: gradientOn(inputs.Q, n, n, half(wx), x, half(x), wx),
      c: wx,
      A: gradientOn(inputs.A, p, n, this.#nu, wx, wnu, x),
      b: wnu.map((t) => -t),
      G: gradientOn(inputs.G, mG, n, lambdaG, wx, wG, x),
      h,
      lower,
      upper,
    };
  }

  dispose(): void {
    this.#kkt?.dispose();
    this.#kkt = undefined;
  }

  /** The variable of a bound row and whether the bound is an upper one. */
  #boundOf(row: number): [number, boolean] {
    const { mG, upperIndex, lowerIndex } = this.#qp;
    const k = row - mG;
    return k < upperIndex.length ? [upperIndex[k], true] : [lowerIndex[k - upperIndex.length], false];
  }

  #ensureFactor(): ActiveKKT {
    if (this.#kkt !== undefined) return this.#kkt;
    const qp = this.#qp;
    const kkt =
      qp.kind === 'dense' ? denseActiveKKT(qp, this.#active, this.#lambdaActive) : sparseActiveKKT(qp, this.#active);
    this.#active = kkt.active;
    if (kkt.multipliers !== undefined) {
      this.#nu = kkt.multipliers.nu;
      this.#lambdaActive = kkt.multipliers.lambdaActive;
    }
    this.#kkt = kkt;
    return kkt;
  }
}

function optionalVector(v: VectorLike | undefined, name: string, length: number): Float64Array | undefined {
  if (v === undefined) return undefined;
  const out = asVector(v, name, length);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new NonFiniteError(`${name}[${i}] is ${out[i]}; ${name} must be finite`);
  }
  return out;
}
