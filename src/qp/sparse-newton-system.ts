import type { Ordering } from '../sparse/analyse.js';
import { type SparseLdlt, sparseLdltOf } from '../sparse/ldlt.js';
import { kktOrdering } from './kkt-ordering.js';
import type { NewtonSolver } from './newton-system.js';
import type { SparseQP } from './problem.js';
import type { QPOperands } from './products.js';
import { refinedNewtonStep } from './refinement.js';
import { SparseKKT } from './sparse-kkt.js';

/** Static regularization δ = 1e-8 + ε²·max diag, as the dense system's (Clarabel's default). */
const REGULARIZATION = 1e-8;
/**
 * Dynamic regularization of the sparse LDLᵀ (Clarabel's defaults): a pivot of the expected sign
 * below 1e-13 in magnitude is replaced by ±2e-7, so that the factorization never breaks down.
 */
export const DYNAMIC_REGULARIZATION = { eps: 1e-13, delta: 2e-7 } as const;
/** Iterative-refinement steps on the unregularized system, at most. */
const MAX_REFINEMENT = 6;

/**
 * The Newton system K·[dx; dν; dλ] = r of the interior-point method for a sparse problem,
 * K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, −W]], W = diag(s/λ), factored as the regularized
 * quasi-definite {@link SparseKKT} by the library's sparse LDLᵀ: one symbolic analysis (AMD
 * ordering, elimination tree, supernodes) on the first `factor`, a numeric `refactor` with the new W
 * for every later one. Each solve is refined against the unregularized K, which undoes δ (as
 * Clarabel and OSQP do); nothing of size n × n is formed.
 */
export class SparseNewtonSystem implements NewtonSolver {
  readonly #qp: SparseQP;
  readonly #ops: QPOperands;
  readonly #kkt: SparseKKT;
  readonly #maxQDiagonal: number;
  #factor: SparseLdlt | undefined;
  #w: Float64Array = new Float64Array(0);

  constructor(qp: SparseQP, operands: QPOperands) {
    this.#qp = qp;
    this.#ops = operands;
    this.#kkt = new SparseKKT(qp.Q, qp.A, qp.G);
    this.#maxQDiagonal = this.#kkt.maxQDiagonal();
  }

  factor(w: Float64Array): void {
    this.#w = w;
    let maxDiagonal = this.#maxQDiagonal;
    for (let i = 0; i < w.length; i++) maxDiagonal = Math.max(maxDiagonal, w[i]);
    const delta = REGULARIZATION + Number.EPSILON * Number.EPSILON * maxDiagonal;
    const K = this.#kkt.matrix(w, delta);
    if (this.#factor === undefined) {
      const { n, p } = this.#qp;
      const ordering: Ordering = p > 0 ? kktOrdering(K, n, p) : 'amd';
      const options = { ordering, signs: this.#kkt.signs, regularize: DYNAMIC_REGULARIZATION };
      this.#factor = sparseLdltOf(K, options, 'the KKT matrix');
    } else this.#factor.refactor(K);
  }

  solve(r1: Float64Array, r2: Float64Array, r3: Float64Array): [Float64Array, Float64Array, Float64Array] {
    const factor = this.#factor as SparseLdlt;
    return refinedNewtonStep(this.#ops, this.#qp, this.#w, r1, r2, r3, (r) => factor.solve(r), MAX_REFINEMENT);
  }

  dispose(): void {
    this.#factor?.dispose();
    this.#factor = undefined;
  }
}
