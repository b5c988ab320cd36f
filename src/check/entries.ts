import { ArgumentError } from '../errors.js';

// The one rule for what counts as a vector of numbers, shared by every argument check and every
// check of what a user's callback returns: a Float64Array (used as is), a Float32Array (every
// float32 is a float64, so the conversion is exact), or an Array whose every entry is of type
// number. Nothing is coerced: `null`, booleans, strings, nested arrays, holes and BigInt are refused
// by name and index, where `Float64Array.from` would read them as 0, 1, 7 or NaN. Integer typed
// arrays are refused too: a Uint8Array of pixel values passed as b is more likely a mistake than a
// vector. NaN and ±Infinity are numbers here; finiteness is a separate check (NonFiniteError).

/** What a vector may be. */
export const VECTOR_KINDS = 'a Float64Array, a Float32Array or an array of numbers';

/**
 * Whether `value` is a typed array holding float64 or float32 entries (by its tag, so that one from
 * another realm, a worker's or an iframe's, counts too).
 */
function floatTag(value: object): 'Float64Array' | 'Float32Array' | undefined {
  if (!ArrayBuffer.isView(value)) return undefined;
  const tag = (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag];
  return tag === 'Float64Array' || tag === 'Float32Array' ? tag : undefined;
}

/** The length of `value` when it is a vector of one of the accepted kinds, else undefined. */
export function vectorLength(value: unknown): number | undefined {
  if (value instanceof Float64Array || Array.isArray(value)) return value.length;
  if (typeof value === 'object' && value !== null && floatTag(value) !== undefined) {
    return (value as Float32Array).length;
  }
  return undefined;
}

/**
 * Copies the vector `src` into `dst` from offset `at`, checking each entry of an Array.
 * `name` names `src` in errors: entry i is `name[i]`, or, when `returnedBy`, `src` is what the
 * callback `name` returned.
 * @throws {ArgumentError} when `src` is not a vector of an accepted kind or an entry is not a number.
 */
export function copyNumbers(src: unknown, dst: Float64Array, at: number, name: string, returnedBy = false): void {
  if (Array.isArray(src)) {
    const n = src.length;
    for (let i = 0; i < n; i++) {
      const v = src[i];
      if (typeof v !== 'number') throw notANumber(src, i, name, returnedBy);
      dst[at + i] = v;
    }
    return;
  }
  if (typeof src === 'object' && src !== null && floatTag(src) !== undefined) {
    dst.set(src as Float64Array | Float32Array, at);
    return;
  }
  throw notAVector(src, name);
}

/** The error for an argument that is not a vector of an accepted kind. */
export function notAVector(value: unknown, name: string): ArgumentError {
  return new ArgumentError(`${name} must be ${VECTOR_KINDS}, got ${describe(value)}`);
}

function notANumber(src: readonly unknown[], i: number, name: string, returnedBy: boolean): ArgumentError {
  const what = i in src ? describe(src[i]) : 'a hole (an empty slot)';
  const where = returnedBy ? `${name} returned ${what} at index ${i}` : `${name}[${i}] is ${what}`;
  return new ArgumentError(`${where}; entries must be numbers (nothing is converted)`);
}

/** A short description of a value for an error message: a number as itself, else its type and the value when short. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 20 ? `${value.slice(0, 20)}…` : value)}`;
    case 'boolean':
      return `the boolean ${value}`;
    case 'bigint':
      return `the BigInt ${value}n`;
    case 'number':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
  }
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const name = (value as object).constructor?.name;
  if (ArrayBuffer.isView(value)) return `a ${name ?? 'typed array'}`;
  return name === undefined || name === 'Object' ? 'an object' : `a ${name}`;
}
