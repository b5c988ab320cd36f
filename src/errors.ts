/** Base class of every error this library throws on purpose. */
export class ImplicitDiffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong or mismatched dimensions, ragged rows, an empty input where one is not allowed, or a size too large for WASM memory. */
export class ShapeError extends ImplicitDiffError {}

/**
 * An argument or option of the wrong type or value: an unknown option string, an options argument
 * that is not an object, a number out of its range (`restart: 0`, a negative tolerance).
 */
export class ArgumentError extends ImplicitDiffError {}

/** NaN or ±Infinity in an input, or in a result computed from finite inputs (an answer beyond float64's range). */
export class NonFiniteError extends ImplicitDiffError {}

/** A matrix taken as symmetric positive definite is not: `pivot` is the 0-based index of the first failing leading minor. */
export class NotPositiveDefiniteError extends ImplicitDiffError {
  /** 0-based index of the first leading minor that is not positive definite (−1 when found by CG). */
  readonly pivot: number;
  constructor(message: string, pivot: number, options?: ErrorOptions) {
    super(message, options);
    this.pivot = pivot;
  }
}

/**
 * A matrix declared symmetric (structure `'spd'` or `'symmetric'`) is not: A[row][col] and
 * A[col][row] differ by more than rounding. `row > col`, both 0-based.
 */
export class NotSymmetricError extends ImplicitDiffError {
  /** 0-based row of the first entry (in the lower triangle) that does not mirror its transpose. */
  readonly row: number;
  /** 0-based column of that entry. */
  readonly col: number;
  constructor(message: string, row: number, col: number, options?: ErrorOptions) {
    super(message, options);
    this.row = row;
    this.col = col;
  }
}

/**
 * A matrix is singular: exactly (`pivot` is the 0-based index of the first exactly-zero pivot of U)
 * or to working precision (its reciprocal condition estimate is below n·ε; `pivot` is then −1).
 */
export class SingularMatrixError extends ImplicitDiffError {
  /** 0-based index of the first exactly-zero pivot, or −1 when the matrix is singular to working precision. */
  readonly pivot: number;
  constructor(message: string, pivot: number, options?: ErrorOptions) {
    super(message, options);
    this.pivot = pivot;
  }
}

/** A factorization or prepared solve was used after `dispose()`. */
export class DisposedError extends ImplicitDiffError {}

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

/**
 * A derivative supplied by the user disagrees with central differences of the function it is the
 * derivative of (`checkDerivatives: true`, or {@link checkDerivatives} itself): a transposed or
 * sign-flipped Jacobian, a wrong Hessian, a `grad` that is not the gradient of `g`.
 */
export class DerivativeCheckError extends ImplicitDiffError {
  /** The derivative that failed, as the spec names it (`'crossHessian'`, `'dFdy.rmatvec'`, …). */
  readonly derivative: string;
  /** The direction of the failing comparison. */
  readonly direction: Float64Array;
  /** The supplied derivative's product along `direction`. */
  readonly supplied: Float64Array;
  /** The central difference along `direction`. */
  readonly finiteDifference: Float64Array;
  /** ‖supplied − finiteDifference‖∞ relative to the larger of the two. */
  readonly relError: number;
  /** The tolerance it exceeded. */
  readonly tolerance: number;
  constructor(
    message: string,
    fields: {
      derivative: string;
      direction: Float64Array;
      supplied: Float64Array;
      finiteDifference: Float64Array;
      relError: number;
      tolerance: number;
    },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.derivative = fields.derivative;
    this.direction = fields.direction;
    this.supplied = fields.supplied;
    this.finiteDifference = fields.finiteDifference;
    this.relError = fields.relError;
    this.tolerance = fields.tolerance;
  }
}

/**
 * A sparse LDLᵀ with static pivots met a pivot of the wrong sign: the matrix is not quasi-definite
 * with the signs it was declared to have. `pivot` is the 0-based row (caller's numbering).
 */
export class NotQuasiDefiniteError extends ImplicitDiffError {
  /** 0-based index (caller's numbering) of the pivot whose sign differs from the declared one. */
  readonly pivot: number;
  constructor(message: string, pivot: number, options?: ErrorOptions) {
    super(message, options);
    this.pivot = pivot;
  }
}

/**
 * WebAssembly memory (32-bit, at most 4 GiB) could not provide a block even after every
 * factorization that could be copied out to JavaScript memory was, or JavaScript memory could not
 * hold such a copy. `factorizations` and `bytes` say what the factorizations that have been neither
 * disposed nor garbage-collected hold: `dispose()` them, or declare them with `using`.
 */
export class OutOfMemoryError extends ImplicitDiffError {
  /** Factorizations (of order above 16) neither disposed nor collected when memory ran out. */
  readonly factorizations: number;
  /** Bytes they hold, in WebAssembly memory or copied out of it. */
  readonly bytes: number;
  constructor(message: string, factorizations: number, bytes: number, options?: ErrorOptions) {
    super(message, options);
    this.factorizations = factorizations;
    this.bytes = bytes;
  }
}
