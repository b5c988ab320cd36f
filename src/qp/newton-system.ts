import { NotPositiveDefiniteError } from '../errors.js';
import { type Cholesky, choleskyOf } from '../linalg/cholesky.js';
import { type LDLT, ldltOf } from '../linalg/ldlt.js';
import { Matrix } from '../linalg/matrix.js';
import type { ResidentOperands } from './operands.js';
import type { DenseQP } from './problem.js';
import { refinedNewtonStep } from './refinement.js';

/**
 * Static regularization of the reduced system, δ = 1e-8 + ε²·max diag, Clarabel's default: the
 * proportional part stays negligible as the diagonal spreads to 1/μ near the solution.
 */
const REGULARIZATION = 1e-8;
/** Iterative-refinement steps on the unreduced system, at most. */
const MAX_REFINEMENT = 4;

/** A factored Newton system of the interior-point method: dense ({@link NewtonSystem}) or sparse. */
export interface NewtonSolver {
  /** Factors K for W = diag(w), w = s/λ > 0. */
  factor(w: Float64Array): void;
  /** [dx; dν; dλ] = K⁻¹[r₁; r₂; r₃], refined against the unregularized K; new arrays. */
  solve(r1: Float64Array, r2: Float64Array, r3: Float64Array): [Float64Array, Float64Array, Float64Array];
  dispose(): void;
}

/**
 * The Newton system of the interior-point method,
 *
 *   K·[dx; dν; dλ] = [r₁; r₂; r₃],   K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, −W]],   W = diag(s/λ),
 *
 * solved in reduced form: the third block row gives dλ = W⁻¹(G·dx − r₃), which leaves
 *
 *   [[Q + GᵀW⁻¹G, Aᵀ], [A, 0]]·[dx; dν] = [r₁ + GᵀW⁻¹r₃; r₂]
 *
 * of order n + p instead of n + p + m. The reduced matrix is factored by Cholesky when there are
 * no equalities (Q + GᵀW⁻¹G is then positive definite after the regularization) and by
 * Bunch–Kaufman LDLᵀ otherwise (a saddle point). Why reduced: with m ≈ n inequalities the order
 * halves, so the factorization costs about an eighth, and the product GᵀW⁻¹G runs on the SIMD
 * syrk kernel. The price is conditioning — W⁻¹ spreads from about μ to 1/μ as the iterates
 * approach the boundary, so the reduced matrix grows ill-conditioned in the last iterations (the
 * unreduced quasi-definite K is better conditioned). Every solve is therefore refined against the
 * unreduced, unregularized K (x ← x + K̃⁻¹(r − K·x), the residual computed in O(n² + mn)), which
 * restores the accuracy the regularization δ and the elimination cost, as in
 * Clarabel's static regularization with refinement and CVXOPT's reduced KKT solvers.
 */
export class NewtonSystem implements NewtonSolver {
  readonly #qp: DenseQP;
  readonly #ops: ResidentOperands;
  #factor: Cholesky | LDLT | undefined;
  /** s/λ of the current factorization. */
  #w: Float64Array = new Float64Array(0);
  readonly #tx: Float64Array;
  readonly #gx: Float64Array;

  constructor(qp: DenseQP, operands: ResidentOperands) {
    this.#qp = qp;
    this.#ops = operands;
    this.#tx = new Float64Array(qp.n);
    this.#gx = new Float64Array(qp.m);
  }

  /** Factors the reduced matrix for W = diag(w), w = s/λ > 0. */
  factor(w: Float64Array): void {
    const { n, p, A } = this.#qp;
    this.#w = w;
    const H = this.#ops.gram(w.map((t) => 1 / t));
    let maxDiagonal = 0;
    for (let i = 0; i < n; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(H[i * n + i]));
    const delta = REGULARIZATION + Number.EPSILON * Number.EPSILON * maxDiagonal;
    for (let i = 0; i < n; i++) H[i * n + i] += delta;
    this.#factor?.dispose();
    this.#factor = undefined;
    if (p === 0) {
      try {
        this.#factor = choleskyOf(new Matrix(n, n, H), 'the Newton matrix', false);
        return;
      } catch (error) {
        if (!(error instanceof NotPositiveDefiniteError)) throw error;
      }
    }
    // [[H, Aᵀ], [A, −δI]], lower triangle only (both factorizations read no more).
    const N = n + p;
    const K = new Float64Array(N * N);
    for (let i = 0; i < n; i++) K.set(H.subarray(i * n, i * n + i + 1), i * N);
    for (let i = 0; i < p; i++) {
      K.set(A.subarray(i * n, (i + 1) * n), (n + i) * N);
      K[(n + i) * N + n + i] = -delta;
    }
    // Not equilibrated: the diagonal spans many orders by design as the iterates approach the
    // boundary, the system is regularized by δ and every solve is refined against the unreduced
    // one (Wright, Primal-Dual Interior-Point Methods, ch. 11); rescaling it changes which
    // directions the refinement recovers and can stall the infeasibility detection.
    this.#factor = ldltOf(new Matrix(N, N, K), 'the KKT matrix', false);
  }

  /**
   * z = K⁻¹r for r = [r₁; r₂; r₃] (lengths n, p, m), refined against the unreduced K.
   * Returns [dx, dν, dλ], new arrays.
   */
  solve(r1: Float64Array, r2: Float64Array, r3: Float64Array): [Float64Array, Float64Array, Float64Array] {
    return refinedNewtonStep(this.#ops, this.#qp, this.#w, r1, r2, r3, (r) => this.#reducedSolve(r), MAX_REFINEMENT);
  }

  dispose(): void {
    this.#factor?.dispose();
    this.#factor = undefined;
  }

  /** One solve with the regularized reduced factorization, r = [r₁; r₂; r₃] stacked. */
  #reducedSolve(r: Float64Array): Float64Array {
    const { n, p, m } = this.#qp;
    const w = this.#w;
    const t = this.#tx;
    const v = this.#gx;
    for (let i = 0; i < m; i++) v[i] = r[n + p + i] / w[i];
    this.#ops.Gt(v, t);
    const rhs = r.slice(0, n + p);
    for (let i = 0; i < n; i++) rhs[i] += t[i];
    const sol = (this.#factor as Cholesky | LDLT).solve(rhs);
    const z = new Float64Array(n + p + m);
    z.set(sol);
    this.#ops.G(sol.subarray(0, n), v);
    for (let i = 0; i < m; i++) z[n + p + i] = (v[i] - r[n + p + i]) / w[i];
    return z;
  }
}
