import { ArgumentError } from '../errors.js';
import { describe } from './entries.js';

// Option objects are checked before any work: an options argument that is not a plain object, or a
// key the function does not know (a typo such as `structur` would otherwise be ignored and its
// default silently used), is an ArgumentError that names the key and lists the valid ones.

/**
 * `options` (an empty object when undefined) after checking that it is a plain object (an object
 * literal, or one made by `Object.create(null)`) whose own keys are all among `keys` and
 * `moreKeys` (two lists, so that callers sharing a list need not build their union per call).
 * `name` names the argument in errors, e.g. `'lstsq: options'`. With `plain: false` any object is
 * accepted (a problem specification may be a class instance with its methods on the prototype);
 * its own keys are still checked.
 * @throws {ArgumentError} when it is not a plain object or has an unknown key.
 */
export function checkOptions<T extends object>(
  options: T | undefined,
  name: string,
  keys: readonly string[],
  { plain = true, moreKeys = NO_KEYS }: { plain?: boolean; moreKeys?: readonly string[] } = {},
): T {
  if (options === undefined) return {} as T;
  if (typeof options !== 'object' || options === null || Array.isArray(options) || (plain && !isPlain(options))) {
    const hint = ArrayBuffer.isView(options) ? ' (an out array goes after the options)' : '';
    throw new ArgumentError(
      `${name} must be a ${plain ? 'plain ' : ''}object or undefined, got ${describe(options)}${hint}`,
    );
  }
  for (const key in options) {
    if (!Object.hasOwn(options, key)) continue;
    if (!keys.includes(key) && !moreKeys.includes(key)) {
      const all = [...keys, ...moreKeys];
      const valid = all.length === 0 ? 'it takes none' : `valid keys: ${all.join(', ')}`;
      throw new ArgumentError(`${name} has an unknown option ${JSON.stringify(key)}; ${valid}`);
    }
  }
  return options;
}

const NO_KEYS: readonly string[] = [];

/** An object literal or `Object.create(null)`: its prototype is null or has none (any realm's Object.prototype). */
function isPlain(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/**
 * `value`, or `fallback` when it is undefined, after checking it is one of `allowed`.
 * @throws {ArgumentError} naming `name` and the allowed values otherwise.
 */
export function choice<T extends string>(value: T | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) {
    throw new ArgumentError(`${name} must be ${list(allowed)}, got ${describe(value)}`);
  }
  return value;
}

/**
 * `value`, or `fallback` when undefined, after checking it is a boolean.
 * @throws {ArgumentError} otherwise (`'yes'` and 1 are not booleans).
 */
export function flagOption(value: boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ArgumentError(`${name} must be true or false, got ${describe(value)}`);
  return value;
}

/**
 * `value`, or `fallback` when undefined, after checking it is a number within [min, max] (integer
 * when `integer`); NaN is refused.
 * @throws {ArgumentError} otherwise.
 */
export function numberOption(
  value: number | undefined,
  name: string,
  fallback: number,
  { min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY, integer = false } = {},
): number {
  if (value === undefined) return fallback;
  const ok = typeof value === 'number' && value >= min && value <= max && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    const range =
      min === Number.NEGATIVE_INFINITY && max === Number.POSITIVE_INFINITY
        ? ''
        : max === Number.POSITIVE_INFINITY
          ? ` ≥ ${min}`
          : ` in [${min}, ${max}]`;
    throw new ArgumentError(`${name} must be ${kind}${range}, got ${describe(value)}`);
  }
  return value;
}

function list(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}
