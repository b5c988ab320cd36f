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
