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
// implicit differentiation
export * from './implicit/index.js';
export {
  bicgstab,
  cg,
  type GmresOptions,
  gmres,
  type KrylovOptions,
  type KrylovResult,
  minres,
} from './krylov/index.js';
// linear algebra
export { type Cholesky, cholesky } from './linalg/cholesky.js';
export * as lapack from './linalg/lapack.js';
// robust solves
export { type Inertia, type LDLT, ldlt } from './linalg/ldlt.js';
export { type LstsqOptions, type LstsqResult, lstsq } from './linalg/lstsq.js';
export { type LU, lu } from './linalg/lu.js';
export { matmul, matvec } from './linalg/matmul.js';
export { Matrix, type MatrixLike, type VectorLike } from './linalg/matrix.js';
export { backwardError, type Refined, type RefineOptions, refineSolution } from './linalg/refine.js';
export { type SolveOptions, solve } from './linalg/solve.js';
export {
  type DenseLike,
  denseOperator,
  isLinearOperator,
  jacobiPreconditioner,
  type LinearOperator,
  type OperatorTag,
  type Preconditioner,
  shiftOperator,
  transposeOperator,
} from './operators/linear-operator.js';
// WebAssembly core
export { type Backend, backend, type InitOptions, init } from './wasm/instance.js';
