import { ArgumentError, NonFiniteError, ShapeError, SingularMatrixError } from '../errors.js';
import type { Inertia, LDLT } from '../linalg/ldlt.js';
import { ldlt } from '../linalg/ldlt.js';
import { Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';
import { asMatrix, assertFinite, asVector } from '../linalg/validate.js';
import { independentRows } from './independent-rows.js';
import { constraintOf, type DenseQP, type QPConstraint, type QPProblem } from './problem.js';

/** A perturbation of the data of a QP (each entry optional, shaped as the datum it perturbs). */
export type QPPerturbation = Partial<QPProblem>;

/**
 * Gradients of a scalar loss L(x*) with respect to every datum, shaped as the data (zero-sized
 * where a datum was absent; `lower`/`upper` are zero where a bound is infinite or inactive).
 */
export interface QPGradients {
  /** Symmetric: ½(w xᵀ + x wᵀ). */
  Q: Matrix;
  c: Float64Array;
  A: Matrix;
  b: Float64Array;
  G: Matrix;
  h: Float64Array;
  lower: Float64Array;
  upper: Float64Array;
}

/** What the factorization of the KKT matrix at the solution says. */
export interface KKTReport {
  /** Order n + p + k of [[Q, Aᵀ, G_Sᵀ], [A, 0, 0], [G_S, 0, 0]], k active inequalities. */
  order: number;
  /** Its inertia; (n, p + k, 0) exactly when the solution is strict and its active constraints independent. */
  inertia: Inertia;
  /**
   * Whether the inertia is (n, p + k, 0): then [A; G_S] has full row rank and Q is positive
   * definite on its null space (strict second-order sufficiency), and the derivative is unique.
   */
  secondOrderSufficient: boolean;
  /** Reciprocal 1-norm condition estimate of the KKT matrix (LAPACK dsycon). */
  rcond: number;
  /**
   * Active inequalities left out of the KKT matrix because they are linearly dependent on the
   * equalities and the other active rows.
   */
  dependent: QPConstraint[];
  warnings: string[];
}

/** Below this reciprocal condition the KKT matrix is treated as singular (no derivative is given). */
const SINGULAR_RCOND = 1e-14;
/** Below this the derivative is given with a warning. */
const ILL_CONDITIONED_RCOND = 1e-10;

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
 * symmetric, so K is factored once by Bunch–Kaufman LDLᵀ with its inertia checked, and serves
 * the JVP (K⁻¹ times the perturbed residual) and the VJP (w = −K⁻¹[g; 0; 0], then
 * ∂L/∂c = w_x, ∂L/∂Q = ½(w_x xᵀ + x w_xᵀ), ∂L/∂A = ν w_xᵀ + w_ν xᵀ, ∂L/∂b = −w_ν,
 * ∂L/∂G_S = λ_S w_xᵀ + w_λ xᵀ, ∂L/∂h_S = −w_λ) alike.
 */
export class QPDerivatives {
  readonly #qp: DenseQP;
  #x: Float64Array;
  #nu: Float64Array;
  /** Multipliers of the rows of `#active`, in its order. */
  #lambdaActive: Float64Array;
  /** Active rows of the stacked inequalities that K holds (all of them unless some were dependent). */
  #active: Int32Array;
  #factor: LDLT | undefined;
  #report: KKTReport | undefined;

  constructor(qp: DenseQP, x: Float64Array, nu: Float64Array, lambda: Float64Array, active: Int32Array) {
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
    const { n, p, m, c, b, h, G } = this.#qp;
    let factor: LDLT;
    try {
      factor = this.#ensureFactor();
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
    const z = factor.solve(rhs);
    const x = z.slice(0, n);
    const lambdaActive = z.slice(n + p);
    let lambdaScale = 1;
    for (const l of lambdaActive) lambdaScale = Math.max(lambdaScale, Math.abs(l));
    for (const l of lambdaActive) if (l < -tolerance * lambdaScale) return undefined;
    const isActive = new Uint8Array(m);
    for (const row of this.#active) isActive[row] = 1;
    let hScale = 1;
    for (const v of h) hScale = Math.max(hScale, Math.abs(v));
    for (let i = 0; i < m; i++) {
      if (isActive[i]) continue;
      let gx = 0;
      for (let j = 0; j < n; j++) gx += G[i * n + j] * x[j];
      if (gx - h[i] > tolerance * Math.max(hScale, Math.abs(gx))) return undefined;
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
    this.#ensureFactor();
    return this.#report as KKTReport;
  }

  jvp(perturbation: QPPerturbation): Float64Array {
    const { n, p, mG } = this.#qp;
    if (perturbation === null || typeof perturbation !== 'object') {
      throw new ArgumentError(
        `the perturbation must be an object { Q?, c?, A?, b?, G?, h?, lower?, upper? }, got ${perturbation}`,
      );
    }
    const dQ = optionalMatrix(perturbation.Q, 'perturbation.Q', n, n);
    const dc = optionalVector(perturbation.c, 'perturbation.c', n);
    const dA = optionalMatrix(perturbation.A, 'perturbation.A', p, n);
    const db = optionalVector(perturbation.b, 'perturbation.b', p);
    const dG = optionalMatrix(perturbation.G, 'perturbation.G', mG, n);
    const dh = optionalVector(perturbation.h, 'perturbation.h', mG);
    const dLower = optionalVector(perturbation.lower, 'perturbation.lower', n);
    const dUpper = optionalVector(perturbation.upper, 'perturbation.upper', n);
    this.#ensureFactor();
    const x = this.#x;
    const nu = this.#nu;
    const k = this.#active.length;
    const r = new Float64Array(n + p + k);
    if (dQ) {
      // ½(dQ + dQᵀ)·x: only the symmetric part of dQ changes ½xᵀQx.
      const q = dQ.data;
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += (q[i * n + j] + q[j * n + i]) * x[j];
        r[i] += 0.5 * s;
      }
    }
    if (dc) for (let i = 0; i < n; i++) r[i] += dc[i];
    if (dA) {
      for (let i = 0; i < p; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) {
          r[j] += dA.data[i * n + j] * nu[i];
          s += dA.data[i * n + j] * x[j];
        }
        r[n + i] += s;
      }
    }
    if (db) for (let i = 0; i < p; i++) r[n + i] -= db[i];
    this.#active.forEach((row, a) => {
      const out = n + p + a;
      if (row < mG) {
        if (dG) {
          let s = 0;
          for (let j = 0; j < n; j++) {
            r[j] += dG.data[row * n + j] * this.#lambdaActive[a];
            s += dG.data[row * n + j] * x[j];
          }
          r[out] += s;
        }
        if (dh) r[out] -= dh[row];
      } else {
        const [variable, upper] = this.#boundOf(row);
        if (upper && dUpper) r[out] -= dUpper[variable];
        if (!upper && dLower) r[out] += dLower[variable];
      }
    });
    const z = this.#solve(r);
    const dx = new Float64Array(n);
    for (let i = 0; i < n; i++) dx[i] = -z[i];
    return dx;
  }

  vjp(dLdx: VectorLike): QPGradients {
    const { n, p, mG } = this.#qp;
    const g = asVector(dLdx, 'dLdx', n);
    assertFinite(g, 'dLdx');
    this.#ensureFactor();
    const k = this.#active.length;
    const r = new Float64Array(n + p + k);
    for (let i = 0; i < n; i++) r[i] = -g[i];
    const w = this.#solve(r);
    const x = this.#x;
    const nu = this.#nu;
    const wx = w.subarray(0, n);
    const Q = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) Q.data[i * n + j] = 0.5 * (wx[i] * x[j] + x[i] * wx[j]);
    const A = new Matrix(p, n);
    const b = new Float64Array(p);
    for (let i = 0; i < p; i++) {
      const wn = w[n + i];
      b[i] = -wn;
      for (let j = 0; j < n; j++) A.data[i * n + j] = nu[i] * wx[j] + wn * x[j];
    }
    const G = new Matrix(mG, n);
    const h = new Float64Array(mG);
    const lower = new Float64Array(n);
    const upper = new Float64Array(n);
    this.#active.forEach((row, a) => {
      const wl = w[n + p + a];
      if (row < mG) {
        h[row] = -wl;
        const l = this.#lambdaActive[a];
        for (let j = 0; j < n; j++) G.data[row * n + j] = l * wx[j] + wl * x[j];
      } else {
        const [variable, isUpper] = this.#boundOf(row);
        if (isUpper) upper[variable] = -wl;
        else lower[variable] = wl;
      }
    });
    return { Q, c: Float64Array.from(wx), A, b, G, h, lower, upper };
  }

  dispose(): void {
    this.#factor?.dispose();
    this.#factor = undefined;
  }

  /** The variable of a bound row and whether the bound is an upper one. */
  #boundOf(row: number): [number, boolean] {
    const { mG, upperIndex, lowerIndex } = this.#qp;
    const k = row - mG;
    return k < upperIndex.length ? [upperIndex[k], true] : [lowerIndex[k - upperIndex.length], false];
  }

  #solve(r: Float64Array): Float64Array {
    return (this.#ensureFactor() as LDLT).solve(r);
  }

  #ensureFactor(): LDLT {
    if (this.#factor !== undefined && !this.#factor.disposed) return this.#factor;
    const { n, p } = this.#qp;
    const warnings: string[] = [];
    let factor = this.#factorKKT();
    const dependent: number[] = [];
    if (factor === undefined) {
      // Dependent active rows (LICQ fails, as at a degenerate vertex): K is singular though x* may
      // still be unique. Keep a maximal independent subset — the strongest multipliers first — and
      // recompute the multipliers on it; the rows left out are treated as inactive.
      const byMultiplier = Array.from(this.#active, (row, a) => ({ row, lambda: this.#lambdaActive[a] }));
      byMultiplier.sort((u, v) => v.lambda - u.lambda);
      const kept = independentRows(
        this.#qp,
        byMultiplier.map((e) => e.row),
      );
      for (const row of this.#active) if (!kept.includes(row)) dependent.push(row);
      if (dependent.length === 0) throw singularKKT();
      this.#active = Int32Array.from(kept).sort();
      factor = this.#factorKKT();
      if (factor === undefined) throw singularKKT();
      // [x; ν; λ_S] = K⁻¹[−c; b; h_S]: the multipliers of the independent active set.
      const rhs = new Float64Array(n + p + this.#active.length);
      for (let i = 0; i < n; i++) rhs[i] = -this.#qp.c[i];
      rhs.set(this.#qp.b, n);
      this.#active.forEach((row, a) => {
        rhs[n + p + a] = this.#qp.h[row];
      });
      const z = factor.solve(rhs);
      this.#nu = z.slice(n, n + p);
      this.#lambdaActive = z.slice(n + p);
      warnings.push(
        `${dependent.length} active constraint${dependent.length === 1 ? ' is' : 's are'} linearly dependent on the others ` +
          '(the multipliers are not unique): left out of the KKT matrix, so the derivative is one-sided for perturbations of them',
      );
    }
    const k = this.#active.length;
    const rcond = factor.rcond();
    const inertia = factor.inertia();
    const secondOrderSufficient = inertia.positive === n && inertia.negative === p + k && inertia.zero === 0;
    if (!secondOrderSufficient) {
      warnings.push(
        `the KKT matrix has inertia (${inertia.positive}, ${inertia.negative}, ${inertia.zero}), not (${n}, ${p + k}, 0): ` +
          'Q is not positive definite on the null space of the active constraints, so the solution or its derivative is not unique',
      );
    }
    if (rcond < ILL_CONDITIONED_RCOND) {
      warnings.push(
        `the KKT matrix is ill-conditioned (rcond ${rcond.toExponential(2)}): the derivative may be inaccurate`,
      );
    }
    this.#factor = factor;
    this.#report = {
      order: n + p + k,
      inertia,
      secondOrderSufficient,
      rcond,
      dependent: dependent.map((row) => constraintOf(this.#qp, row)),
      warnings,
    };
    return factor;
  }

  /** LDLᵀ of K on the current active set, or undefined when K is numerically singular. */
  #factorKKT(): LDLT | undefined {
    const { n, p, Q, A, G } = this.#qp;
    const k = this.#active.length;
    const N = n + p + k;
    const K = new Float64Array(N * N);
    for (let i = 0; i < n; i++) K.set(Q.subarray(i * n, i * n + i + 1), i * N);
    for (let i = 0; i < p; i++) K.set(A.subarray(i * n, (i + 1) * n), (n + i) * N);
    this.#active.forEach((row, a) => {
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

function optionalMatrix(M: MatrixLike | undefined, name: string, rows: number, cols: number): Matrix | undefined {
  if (M === undefined) return undefined;
  const m = asMatrix(M, name);
  if (m.rows !== rows || (m.cols !== cols && rows > 0)) {
    throw new ShapeError(`${name} is ${m.rows} × ${m.cols}, expected ${rows} × ${cols}`);
  }
  assertFinite(m.data, name, m.cols);
  return m;
}

function optionalVector(v: VectorLike | undefined, name: string, length: number): Float64Array | undefined {
  if (v === undefined) return undefined;
  const out = asVector(v, name, length);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new NonFiniteError(`${name}[${i}] is ${out[i]}; ${name} must be finite`);
  }
  return out;
}
