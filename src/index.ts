// The public surface of implicit-diff: re-exports only.

// errors
export {
  DisposedError,
  ImplicitDiffError,
  NonFiniteError,
  NotPositiveDefiniteError,
  ShapeError,
  SingularMatrixError,
} from './errors.js';
// linear algebra
export { type Cholesky, cholesky } from './linalg/cholesky.js';
export * as lapack from './linalg/lapack.js';
export { type LU, lu } from './linalg/lu.js';
export { matmul, matvec } from './linalg/matmul.js';
export { Matrix, type MatrixLike, type VectorLike } from './linalg/matrix.js';
export { type SolveOptions, solve } from './linalg/solve.js';
// WebAssembly core
export { init } from './wasm/instance.js';
