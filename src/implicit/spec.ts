import { describe } from '../check/entries.js';
import { flagOption, numberOption } from '../check/options.js';
import { ArgumentError } from '../errors.js';
import { checkOptionsObject } from '../solvers/options.js';
import type { ImplicitOptions } from './types.js';

/**
 * Checks the specification object of `wrapper` (e.g. `'implicitRoot'`) before anything runs: an
 * object whose own keys are its functions (`required`, `optional`) and the implicit options, the
 * functions functions, `residualTolerance` a number ≥ 0 (Infinity turns the check off). A class
 * instance is accepted, its methods on the prototype.
 * @throws {ArgumentError} naming the key that is unknown, missing or of the wrong kind.
 */
export function checkSpec(
  spec: object,
  wrapper: string,
  required: readonly string[],
  optional: readonly string[],
): void {
  const name = `${wrapper}: spec`;
  if (spec === undefined || spec === null)
    throw new ArgumentError(`${wrapper} needs a specification object, got ${describe(spec)}`);
  const o = checkOptionsObject(
    spec as ImplicitOptions,
    name,
    [...required, ...optional, 'structure', 'residualTolerance', 'checkDerivatives', 'preconditionerAt'],
    false,
  );
  const fields = spec as Record<string, unknown>;
  for (const key of required) {
    if (typeof fields[key] !== 'function') {
      throw new ArgumentError(`${name}.${key} must be a function, got ${describe(fields[key])}`);
    }
  }
  for (const key of [...optional, 'preconditionerAt']) {
    if (fields[key] !== undefined && typeof fields[key] !== 'function') {
      throw new ArgumentError(`${name}.${key} must be a function or absent, got ${describe(fields[key])}`);
    }
  }
  numberOption(o.residualTolerance, `${name}.residualTolerance`, 0, { min: 0 });
  flagOption(o.checkDerivatives, `${name}.checkDerivatives`, false);
}
