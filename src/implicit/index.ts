export { type ArgminSpec, implicitArgmin } from './argmin.js';
export { ConvergenceError, ResidualError } from './errors.js';
export { CENTRAL_STEP } from './finite-difference.js';
export { type FixedPointSpec, implicitFixedPoint } from './fixed-point.js';
export { type FormulaOptions, hypergradient, implicitDerivative, implicitJacobian } from './formulas.js';
export type { KrylovMethod, LinearSolveOptions, Structure } from './linear-solve.js';
export type { MatrixOrOperator } from './operands.js';
export { FD_DENSE_LIMIT } from './problem.js';
export type { DerivativeSource, Report, SolveReport, SolverName } from './report.js';
export { implicitRoot, type RootSpec } from './root.js';
export type {
  ImplicitFunction,
  ImplicitOptions,
  JacobianResult,
  JvpResult,
  Loss,
  ValueAndGradResult,
  VjpResult,
} from './types.js';
