import type { Matrix } from '../linalg/matrix.js';
import type { SolveReport, SolverName } from './report.js';

// The contract between the strategies (one file each: dense Cholesky, LDLᵀ and LU, Krylov, least
// squares) and the rest of the library, after Lineax's AbstractLinearSolver: a strategy's `init`
// does the expensive work once (a factorization, an operator's transpose), and the object it
// returns is the state that every later solve reuses, with or without transpose.

/**
 * A system matrix A prepared for solves: `solve(b, transpose)` returns A⁻¹b or A⁻ᵀb, `solveMany(B,
 * transpose)` the same for every column of B in one multi-right-hand-side solve, and `report()`
 * sums up what the solves did and how accurately. Right-hand sides come with length (rows) n;
 * the solver checks their entries are finite (NonFiniteError naming `b`).
 */
export interface Solver {
  readonly n: number;
  readonly solver: SolverName;
  solve(b: Float64Array, transpose: boolean): Float64Array;
  solveMany(B: Matrix, transpose: boolean): Matrix;
  report(): SolveReport;
  dispose(): void;
}
