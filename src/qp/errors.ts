import { ImplicitDiffError } from '../errors.js';

/**
 * A derivative was asked of a QP solution whose status is not 'optimal': the KKT conditions the
 * derivative differentiates do not hold there.
 */
export class NotOptimalError extends ImplicitDiffError {
  /** The status of the solution. */
  readonly status: string;
  constructor(what: string, status: string, options?: ErrorOptions) {
    super(`${what} needs an optimal solution, but the QP's status is '${status}'`, options);
    this.status = status;
  }
}
