import { Matrix } from '../linalg/matrix.js';
import type { SolveReport, SolverName } from './report.js';

// The contract between the strategies (one file each: dense Cholesky, LDLᵀ and LU, Krylov, least
// squares) and the rest of the library, after Lineax's AbstractLinearSolver: a strategy's `init`
// does the expensive work once (a factorization, an operator's transpose), and the object it
// returns is the state that every later solve reuses, with or without transpose.

/**
 * A system matrix A prepared for solves: `solve(b, transpose)` returns A⁻¹b or A⁻ᵀb, `solveMany(B,
 * transpose)` the same for every column of B in one multi-right-hand-side solve, and `report()`
 * sums up what the solves did and how accurately. Right-hand sides come with length (rows) n;
 * the solver checks their entries are finite (NonFiniteError naming `b`). An `out` of the result's
 * shape (checked by the caller) receives the result, and may share memory with b: b is read
 * whole before out is written.
 */
export interface Solver {
  readonly n: number;
  readonly solver: SolverName;
  solve(b: Float64Array, transpose: boolean, out?: Float64Array): Float64Array;
  solveMany(B: Matrix, transpose: boolean, out?: Matrix): Matrix;
  report(): SolveReport;
  dispose(): void;
}

/**
 * `result` itself, or `out` holding a copy of it: for the solvers whose result is computed into a
 * new array (after which out, which may share memory with b, can be written).
 */
export function copyInto(result: Float64Array, out: Float64Array | undefined): Float64Array;
export function copyInto(result: Matrix, out: Matrix | undefined): Matrix;
export function copyInto(result: Float64Array | Matrix, out: Float64Array | Matrix | undefined): Float64Array | Matrix {
  if (out === undefined) return result;
  if (out instanceof Matrix) out.data.set((result as Matrix).data);
  else out.set(result as Float64Array);
  return out;
}
