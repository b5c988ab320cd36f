/** Base class of every error this library throws on purpose. */
export class ImplicitDiffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong or mismatched dimensions, ragged rows, an empty input where one is not allowed, or a size too large for WASM memory. */
export class ShapeError extends ImplicitDiffError {}

/** NaN or ±Infinity in an input. */
export class NonFiniteError extends ImplicitDiffError {}

/** A matrix taken as symmetric positive definite is not: `pivot` is the 0-based index of the first failing leading minor. */
export class NotPositiveDefiniteError extends ImplicitDiffError {
  /** 0-based index of the first leading minor that is not positive definite. */
  readonly pivot: number;
  constructor(message: string, pivot: number, options?: ErrorOptions) {
    super(message, options);
    this.pivot = pivot;
  }
}

/** A matrix is exactly singular: `pivot` is the 0-based index of the first exactly-zero pivot of U. */
export class SingularMatrixError extends ImplicitDiffError {
  /** 0-based index of the first exactly-zero pivot. */
  readonly pivot: number;
  constructor(message: string, pivot: number, options?: ErrorOptions) {
    super(message, options);
    this.pivot = pivot;
  }
}

/** A factorization was used after `dispose()`. */
export class DisposedError extends ImplicitDiffError {}

/** An argument or option has the wrong type or an invalid value (the message names it and the value). */
export class ArgumentError extends ImplicitDiffError {}

/** A matrix required to be symmetric is not: `row` and `col` (0-based) locate the first asymmetric pair found. */
export class NotSymmetricError extends ImplicitDiffError {
  /** 0-based row of the first entry that differs from its mirror. */
  readonly row: number;
  /** 0-based column of that entry. */
  readonly col: number;
  constructor(message: string, row: number, col: number, options?: ErrorOptions) {
    super(message, options);
    this.row = row;
    this.col = col;
  }
}
