/** What {@link tridiagonalTask} returns. */
export interface TaskResult {
  n: number;
  cholesky: number[];
  lu: number[];
  logDet: number;
  det: number;
}

/** Solves tridiag(−1, 2, −1)·x = (0, …, 0, n + 1) of order n with Cholesky and LU (see task.mjs). */
export function tridiagonalTask(lib: typeof import('../../src/index.js'), n: number): TaskResult;
