import { ImplicitDiffError } from '../errors.js';

/**
 * The user's solver returned a y at which ‖F(x, y)‖₂ exceeds the `residualTolerance` asked for:
 * the implicit function theorem applies at roots only, so derivatives taken there would be those
 * of a different problem.
 */
export class ResidualError extends ImplicitDiffError {
  /** ‖F(x, y)‖₂ at the returned y. */
  readonly residual: number;
  /** The tolerance it exceeded. */
  readonly tolerance: number;
  constructor(message: string, residual: number, tolerance: number, options?: ErrorOptions) {
    super(message, options);
    this.residual = residual;
    this.tolerance = tolerance;
  }
}

/** A Krylov solve did not reach its tolerance within its iteration cap (or stagnated, or broke down). */
export class ConvergenceError extends ImplicitDiffError {
  /** Iterations spent. */
  readonly iterations: number;
  /** True residual norm ‖b − A x‖₂ reached. */
  readonly residualNorm: number;
  constructor(message: string, iterations: number, residualNorm: number, options?: ErrorOptions) {
    super(message, options);
    this.iterations = iterations;
    this.residualNorm = residualNorm;
  }
}
