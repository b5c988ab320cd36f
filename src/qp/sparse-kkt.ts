import { SparseMatrix } from '../sparse/sparse-matrix.js';

/**
 * The lower triangle, in CSC, of the quasi-definite KKT matrix
 *
 *   [[Q + δI, Aᵀ, Gᵀ], [A, −δI, 0], [G, 0, −W − δI]]
 *
 * (orders n, p, k) for a sparse Q (both triangles stored; the lower is read), A and G. Column j < n
 * is [tril(Q)(:, j) with its diagonal; A(:, j); G(:, j)], the last p + k columns hold only their
 * diagonal, so the pattern does not depend on W or δ: one symbolic analysis serves every matrix of
 * an interior-point solve, each a new value array on the shared pattern (`refactor`). With H =
 * Q + δI and D = W + δI positive definite it is quasi-definite, so LDLᵀ exists for every symmetric
 * ordering with n positive and p + k negative pivots (Vanderbei, "Symmetric quasidefinite
 * matrices", 1995): the form OSQP (on QDLDL) and Clarabel factor. Unreduced rather than
 * Q + GᵀW⁻¹G: the product GᵀW⁻¹G fills wherever two columns of G share a row (a dense row fills
 * it completely), while AMD on the unreduced pattern chooses which eliminations to make.
 */
export class SparseKKT {
  readonly order: number;
  readonly n: number;
  readonly #colPtr: Int32Array;
  readonly #rowIndex: Int32Array;
  /** The entries of Q, A, G in the pattern; zeros on the diagonal of the last p + k columns. */
  readonly #base: Float64Array;
  /** Position of the diagonal entry of each column in the pattern. */
  readonly #diagonal: Int32Array;
  /** Expected sign of each pivot: +1 for the first n rows, −1 for the others. */
  readonly signs: Int8Array;

  constructor(Q: SparseMatrix, A: SparseMatrix, G: SparseMatrix) {
    const n = Q.rows;
    const p = A.rows;
    const k = G.rows;
    const N = n + p + k;
    let lower = 0;
    let diagonals = 0;
    for (let j = 0; j < n; j++) {
      for (let q = Q.colPtr[j]; q < Q.colPtr[j + 1]; q++) {
        if (Q.rowIndex[q] >= j) lower++;
        if (Q.rowIndex[q] === j) diagonals++;
      }
    }
    const nnz = lower + (n - diagonals) + A.nnz + G.nnz + p + k;
    const colPtr = new Int32Array(N + 1);
    const rowIndex = new Int32Array(nnz);
    const base = new Float64Array(nnz);
    const diagonal = new Int32Array(N);
    let at = 0;
    for (let j = 0; j < n; j++) {
      diagonal[j] = -1;
      for (let q = Q.colPtr[j]; q < Q.colPtr[j + 1]; q++) {
        const i = Q.rowIndex[q];
        if (i < j) continue;
        if (i > j && diagonal[j] < 0) {
          diagonal[j] = at;
          rowIndex[at++] = j;
        }
        if (i === j) diagonal[j] = at;
        rowIndex[at] = i;
        base[at++] = Q.values[q];
      }
      if (diagonal[j] < 0) {
        diagonal[j] = at;
        rowIndex[at++] = j;
      }
      for (let q = A.colPtr[j]; q < A.colPtr[j + 1]; q++) {
        rowIndex[at] = n + A.rowIndex[q];
        base[at++] = A.values[q];
      }
      for (let q = G.colPtr[j]; q < G.colPtr[j + 1]; q++) {
        rowIndex[at] = n + p + G.rowIndex[q];
        base[at++] = G.values[q];
      }
      colPtr[j + 1] = at;
    }
    for (let j = n; j < N; j++) {
      diagonal[j] = at;
      rowIndex[at++] = j;
      colPtr[j + 1] = at;
    }
    this.order = N;
    this.n = n;
    this.#colPtr = colPtr;
    this.#rowIndex = rowIndex;
    this.#base = base;
    this.#diagonal = diagonal;
    this.signs = new Int8Array(N).fill(-1);
    this.signs.fill(1, 0, n);
  }

  /** The largest |qⱼⱼ|. */
  maxQDiagonal(): number {
    let s = 0;
    for (let j = 0; j < this.n; j++) s = Math.max(s, Math.abs(this.#base[this.#diagonal[j]]));
    return s;
  }

  /**
   * The matrix for W = diag(w) (w of length k, or 0 when undefined) and the regularization δ, on
   * the shared pattern (so `refactor` compares no indices).
   */
  matrix(w: Float64Array | undefined, delta: number): SparseMatrix {
    const values = this.#base.slice();
    const n = this.n;
    const N = this.order;
    for (let j = 0; j < n; j++) values[this.#diagonal[j]] += delta;
    for (let j = n; j < N; j++) values[this.#diagonal[j]] = -delta;
    if (w !== undefined) {
      const first = N - w.length;
      for (let i = 0; i < w.length; i++) values[this.#diagonal[first + i]] -= w[i];
    }
    return new SparseMatrix(N, N, this.#colPtr, this.#rowIndex, values);
  }
}
