import { SparseMatrix } from '../sparse/sparse-matrix.js';
import type { InteriorPointResult } from './interior-point.js';
import type { QPData } from './problem.js';

/**
 * The diagonal scaling of an equilibrated problem: x = D·x̃ and the constraint rows multiplied by
 * E_A and E_G, so that the interior-point method solves
 *
 *   min ½x̃ᵀ(DQD)x̃ + (Dc)ᵀx̃   s.t.   (E_A A D)x̃ = E_A b,   (E_G G D)x̃ ≤ E_G h,
 *
 * whose multipliers are ν̃ = E_A⁻¹ν and λ̃ = E_G⁻¹λ.
 */
export interface Scaling {
  readonly D: Float64Array;
  readonly EA: Float64Array;
  readonly EG: Float64Array;
}

/** Ruiz passes at most, as OSQP's default; they stop once the norms are within STOP of 1. */
const ITERATIONS = 10;
const STOP = 0.1;
/** A norm below this is taken as 1 (an empty row or column is not scaled), one above it as this. */
const MIN_NORM = 1e-4;
const MAX_NORM = 1e4;

/** One matrix of the problem, a copy of its values scaled in place by the Ruiz passes. */
export interface Entries {
  readonly values: Float64Array;
  /** column[j] = max(column[j], max_i |m_ij|), and row[i] likewise (row may be undefined). */
  norms(column: Float64Array, row: Float64Array | undefined): void;
  /** m_ij *= row[i]·column[j]. */
  scale(row: Float64Array, column: Float64Array): void;
}

/** The entries of a problem matrix (dense row-major rows × cols, or CSC), their values copied. */
export function entriesOf(M: Float64Array | SparseMatrix, rows: number, cols: number): Entries {
  if (M instanceof SparseMatrix) {
    const { colPtr, rowIndex } = M;
    const values = M.values.slice();
    return {
      values,
      norms(column, row) {
        for (let j = 0; j < cols; j++) {
          let c = column[j];
          for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
            const a = Math.abs(values[q]);
            if (a > c) c = a;
            if (row !== undefined && a > row[rowIndex[q]]) row[rowIndex[q]] = a;
          }
          column[j] = c;
        }
      },
      scale(row, column) {
        for (let j = 0; j < cols; j++) {
          const f = column[j];
          for (let q = colPtr[j]; q < colPtr[j + 1]; q++) values[q] *= row[rowIndex[q]] * f;
        }
      },
    };
  }
  const values = M.slice();
  return {
    values,
    norms(column, row) {
      for (let i = 0; i < rows; i++) {
        let r = 0;
        const at = i * cols;
        for (let j = 0; j < cols; j++) {
          const a = Math.abs(values[at + j]);
          if (a > r) r = a;
          if (a > column[j]) column[j] = a;
        }
        if (row !== undefined && r > row[i]) row[i] = r;
      }
    },
    scale(row, column) {
      for (let i = 0; i < rows; i++) {
        const f = row[i];
        const at = i * cols;
        for (let j = 0; j < cols; j++) values[at + j] *= f * column[j];
      }
    },
  };
}

/** Ruiz's stopping test: every nonempty row and column has ∞-norm within 10% of 1. */
function balanced(norms: Float64Array): boolean {
  for (let i = 0; i < norms.length; i++) if (norms[i] !== 0 && Math.abs(1 - norms[i]) > STOP) return false;
  return true;
}

const limited = (norm: number) => (norm < MIN_NORM ? 1 : Math.min(norm, MAX_NORM));

/**
 * The Ruiz scaling of K = [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, 0]] (a symmetric diag(D, E_A, E_G)·K·
 * diag(D, E_A, E_G)): see {@link equilibrate}. Scales the entries' values in place.
 */
export function ruiz(Q: Entries, A: Entries, G: Entries, n: number, p: number, m: number): Scaling {
  const D = new Float64Array(n).fill(1);
  const EA = new Float64Array(p).fill(1);
  const EG = new Float64Array(m).fill(1);
  const column = new Float64Array(n);
  const rowA = new Float64Array(p);
  const rowG = new Float64Array(m);
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    column.fill(0);
    rowA.fill(0);
    rowG.fill(0);
    // Q is symmetric: its column norms are its row norms.
    Q.norms(column, undefined);
    A.norms(column, rowA);
    G.norms(column, rowG);
    if (balanced(column) && balanced(rowA) && balanced(rowG)) break;
    for (let j = 0; j < n; j++) column[j] = 1 / Math.sqrt(limited(column[j]));
    for (let i = 0; i < p; i++) rowA[i] = 1 / Math.sqrt(limited(rowA[i]));
    for (let i = 0; i < m; i++) rowG[i] = 1 / Math.sqrt(limited(rowG[i]));
    Q.scale(column, column);
    A.scale(rowA, column);
    G.scale(rowG, column);
    for (let j = 0; j < n; j++) D[j] *= column[j];
    for (let i = 0; i < p; i++) EA[i] *= rowA[i];
    for (let i = 0; i < m; i++) EG[i] *= rowG[i];
  }
  return { D, EA, EG };
}

/** `equilibrate: 'auto'` scales a problem whose row and column norms span more than this. */
const SPREAD = 1e4;

/**
 * Whether the ∞-norms of the columns of [Q; A; G] and of the rows of A and G (zeros left out) span
 * more than 10⁴: the problem is then badly scaled, and {@link equilibrate} is worth its pass.
 */
export function badlyScaled(qp: QPData): boolean {
  const { n, p, m } = qp;
  const column = new Float64Array(n);
  const rowA = new Float64Array(p);
  const rowG = new Float64Array(m);
  entriesOf(qp.Q, n, n).norms(column, undefined);
  entriesOf(qp.A, p, n).norms(column, rowA);
  entriesOf(qp.G, m, n).norms(column, rowG);
  let smallest = Infinity;
  let largest = 0;
  for (const norms of [column, rowA, rowG]) {
    for (const v of norms) {
      if (v === 0) continue;
      smallest = Math.min(smallest, v);
      largest = Math.max(largest, v);
    }
  }
  return largest > SPREAD * smallest;
}

/**
 * Ruiz equilibration of the problem's KKT matrix [[Q, Aᵀ, Gᵀ], [A, 0, 0], [G, 0, 0]] (D. Ruiz, "A
 * scaling algorithm to equilibrate both rows and columns norms in matrices", 2001), as OSQP
 * (Stellato et al. 2020, §5.1) and Clarabel do before their iterations: up to ten times (until all
 * norms are within 10% of 1), every column j of the variables is divided by
 * √max(‖Q̃_{:j}‖∞, ‖Ã_{:j}‖∞, ‖G̃_{:j}‖∞) and every constraint row by the square root of its ∞-norm
 * (norms limited to [1e-4, 1e4], as OSQP), which drives all of them towards 1. The bound rows are rows of G like any other. OSQP also scales the objective by a
 * scalar; that is left out here, as it slowed the detection of infeasibility by the homogeneous
 * embedding (the termination tests are relative to max(1, ‖c‖∞) already). A problem whose variables
 * or constraints live on scales far apart (units of 10⁻⁴ and 10⁴ in one model) otherwise stalls the
 * interior-point method, or misleads its certificate and termination tests, which compare
 * quantities of different scales.
 */
export function equilibrate(qp: QPData): { qp: QPData; scaling: Scaling } {
  const { n, p, m } = qp;
  const Q = entriesOf(qp.Q, n, n);
  const A = entriesOf(qp.A, p, n);
  const G = entriesOf(qp.G, m, n);
  const { D, EA, EG } = ruiz(Q, A, G, n, p, m);
  const c = qp.c.map((v, j) => v * D[j]);
  const b = qp.b.map((v, i) => v * EA[i]);
  const h = qp.h.map((v, i) => v * EG[i]);
  const base = { ...qp, c, b, h };
  const scaled: QPData =
    qp.kind === 'dense'
      ? { ...base, kind: 'dense', Q: Q.values, A: A.values, G: G.values }
      : {
          ...base,
          kind: 'sparse',
          inputs: qp.inputs,
          Q: withValues(qp.Q, Q.values),
          A: withValues(qp.A, A.values),
          G: withValues(qp.G, G.values),
        };
  return { qp: scaled, scaling: { D, EA, EG } };
}

/** M's pattern (shared) with other values. */
export function withValues(M: SparseMatrix, values: Float64Array): SparseMatrix {
  return new SparseMatrix(M.rows, M.cols, M.colPtr, M.rowIndex, values);
}

/**
 * The interior-point result of the scaled problem in the original variables: x = D·x̃,
 * ν = E_A·ν̃, λ = E_G·λ̃, s = s̃/E_G; a Farkas certificate (E_A·ν̃, E_G·λ̃) keeps its
 * normalization bᵀν + hᵀλ = −1, an unbounded direction D·d̃ is renormalized to cᵀd = −1. The
 * residual measures are those of the scaled problem (the caller recomputes them on the original).
 */
export function unscaled(result: InteriorPointResult, scaling: Scaling, qp: QPData): InteriorPointResult {
  const { D, EA, EG } = scaling;
  const out: InteriorPointResult = {
    ...result,
    x: result.x.map((v, j) => v * D[j]),
    nu: result.nu.map((v, i) => v * EA[i]),
    lambda: result.lambda.map((v, i) => v * EG[i]),
    s: result.s.map((v, i) => v / EG[i]),
  };
  const certificate = result.certificate;
  if (certificate !== undefined && 'nu' in certificate) {
    out.certificate = {
      nu: certificate.nu.map((v, i) => v * EA[i]),
      lambda: certificate.lambda.map((v, i) => v * EG[i]),
    };
  } else if (certificate !== undefined) {
    const d = certificate.x.map((v, j) => v * D[j]);
    let cd = 0;
    for (let j = 0; j < d.length; j++) cd += qp.c[j] * d[j];
    out.certificate = { x: d.map((v) => v / -cd) };
  }
  return out;
}
