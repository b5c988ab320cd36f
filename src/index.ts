// The public surface of implicit-diff: re-exports only.

// errors
export {
  ArgumentError,
  ConvergenceError,
  DerivativeCheckError,
  DisposedError,
  ImplicitDiffError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotQuasiDefiniteError,
  NotSymmetricError,
  OutOfMemoryError,
  ResidualError,
  ShapeError,
  SingularMatrixError,
} from './errors.js';
// implicit differentiation
export { type ArgminSpec, implicitArgmin } from './implicit/argmin.js';
export {
  type AnySpec,
  checkDerivatives,
  type DerivativeCheckEntry,
  type DerivativeCheckOptions,
  type DerivativeCheckResult,
} from './implicit/check-derivatives.js';
export { CENTRAL_STEP } from './implicit/finite-difference.js';
export { type FixedPointSpec, implicitFixedPoint } from './implicit/fixed-point.js';
export { type FormulaOptions, hypergradient, implicitDerivative, implicitJacobian } from './implicit/formulas.js';
export {
  type ConstraintSpec,
  implicitKKT,
  type KKTDerivativeReport,
  type KKTFunction,
  type KKTSpec,
} from './implicit/kkt.js';
export { FD_DENSE_LIMIT, RESIDUAL_RELATIVE_TOLERANCE, type Solution } from './implicit/problem.js';
export type { DerivativeSource, Report } from './implicit/report.js';
export { implicitRoot, type RootSpec } from './implicit/root.js';
export type {
  ImplicitFunction,
  ImplicitOptions,
  JacobianResult,
  JvpResult,
  Loss,
  ValueAndGradResult,
  VjpResult,
} from './implicit/types.js';
// linear algebra: Krylov solvers, error measures, dense factorizations and products, robust solves
export { bicgstab } from './krylov/bicgstab.js';
export { cg } from './krylov/cg.js';
export { gmres } from './krylov/gmres.js';
export { minres } from './krylov/minres.js';
export type { GmresOptions, KrylovOptions, KrylovResult } from './krylov/types.js';
export { backwardError, componentwiseBackwardError } from './linalg/backward-error.js';
export { type Cholesky, cholesky } from './linalg/cholesky.js';
export * as lapack from './linalg/lapack.js';
export { type Inertia, type LDLT, ldlt } from './linalg/ldlt.js';
export { type LstsqOptions, type LstsqResult, lstsq } from './linalg/lstsq.js';
export { type LU, lu } from './linalg/lu.js';
export { matmul, matvec } from './linalg/matmul.js';
export { Matrix, type MatrixLike, type VectorLike } from './linalg/matrix.js';
export { type Refined, type RefineOptions, refineSolution } from './linalg/refine.js';
export { type SolveOptions, solve } from './linalg/solve.js';
// linear operators
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
export type { MatrixOrOperator } from './operators/operand.js';
// quadratic programs
export type { KKTReport, QPGradients, QPPerturbation } from './qp/derivatives.js';
export { NotOptimalError } from './qp/errors.js';
export type { QPStatus } from './qp/interior-point.js';
export type { QPConstraint, QPProblem } from './qp/problem.js';
export { type QPOptions, type QPReport, type QPSolution, solveQP } from './qp/solve-qp.js';
// prepared solves
export type { KrylovMethod, LinearSolveOptions, SingularPolicy, Structure } from './solvers/options.js';
export { type PreparedSolve, type PrepareOptions, prepare } from './solvers/prepared.js';
export type { SolveReport, SolverName } from './solvers/report.js';
// sparse direct solvers
export type { Ordering } from './sparse/analyse.js';
export { type SparseCholesky, type SparseCholeskyOptions, sparseCholesky } from './sparse/cholesky.js';
export { type SparseLdlt, type SparseLdltOptions, sparseLdlt } from './sparse/ldlt.js';
export type { SparseFactor } from './sparse/sparse-factor.js';
export { type FromDenseOptions, SparseMatrix } from './sparse/sparse-matrix.js';
// WebAssembly core
export { type Backend, backend, type InitOptions, init, shutdown } from './wasm/instance.js';
