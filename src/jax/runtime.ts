import * as jax from '@jax-js/jax';
import { ArgumentError, ShapeError } from '../errors.js';

// Everything the adapter does with jax-js happens inside `inScope`, which
//  - names a `Float16Array` while it runs, where the platform has none (Node < 22): jax-js tests
//    `data instanceof Float16Array` whenever it makes an array from float64 data, so on Node 20
//    every float64 `np.array` throws a ReferenceError without one. The stub class is removed when
//    the outermost scope ends, so no changed global is left behind, and it never replaces a real
//    Float16Array;
//  - makes the chosen device jax-js's default device, so that arrays the user's function creates
//    without a device land where the computation runs, and restores the previous default after;
//  - owns the jax-js arrays the adapter makes (jax-js arrays are reference counted, every
//    operation consuming its operands): whatever references remain when the scope ends (an
//    argument the user's function left unused, an error half-way) are released then, so that
//    nothing leaks per call. Arrays handed to the user's function are valid during the call only.

/** The jax-js devices the adapter computes on: `'cpu'` (exact float64, interpreted) or `'wasm'`. */
export type JaxDevice = 'cpu' | 'wasm';

interface Scope {
  device: JaxDevice;
  owned: jax.Array[];
}

const scopes: Scope[] = [];
let stubInstalled = false;

/**
 * Runs `body` with jax-js ready for float64 work on `device` (see the notes above; undefined: the
 * device of the enclosing scope, else `'cpu'`); arrays given to {@link own} during the call are
 * disposed when it returns or throws.
 */
export function inScope<T>(device: JaxDevice | undefined, body: () => T): T {
  device ??= scopes[scopes.length - 1]?.device ?? 'cpu';
  const outermost = scopes.length === 0;
  if (outermost && typeof (globalThis as { Float16Array?: unknown }).Float16Array === 'undefined') {
    Object.defineProperty(globalThis, 'Float16Array', {
      value: class Float16Array {},
      configurable: true,
      writable: true,
      enumerable: false,
    });
    stubInstalled = true;
  }
  const previous = jax.defaultDevice();
  jax.defaultDevice(device);
  const scope: Scope = { device, owned: [] };
  scopes.push(scope);
  try {
    return body();
  } finally {
    scopes.pop();
    for (const a of scope.owned) while (a.refCount > 0) a.dispose();
    jax.defaultDevice(previous);
    if (scopes.length === 0 && stubInstalled) {
      delete (globalThis as { Float16Array?: unknown }).Float16Array;
      stubInstalled = false;
    }
  }
}

/** The device of the innermost scope. */
export function currentDevice(): JaxDevice {
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) throw new Error('internal: jax-js used outside inScope');
  return scope.device;
}

/** Moves the innermost scope (and jax-js's default device) to `device`. */
export function switchDevice(device: JaxDevice): void {
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) throw new Error('internal: jax-js used outside inScope');
  scope.device = device;
  jax.defaultDevice(device);
}

/** Hands `a` to the innermost scope, which disposes it when it ends; returns `a`. */
export function own(a: jax.Array): jax.Array {
  const scope = scopes[scopes.length - 1];
  if (scope === undefined) throw new Error('internal: jax-js used outside inScope');
  // Arrays already consumed (reference count 0) are dropped now and then, so that a long call
  // (a Krylov solve of many products) keeps a short list.
  if (scope.owned.length >= 256) scope.owned = scope.owned.filter((b) => b.refCount > 0);
  scope.owned.push(a);
  return a;
}

/**
 * A new float64 jax-js array holding a copy of `v` (shape [v.length] unless given), on the scope's
 * device, owned by the scope.
 */
export function toJax(v: Float64Array, shape?: number[]): jax.Array {
  return own(jax.numpy.array(v, { dtype: jax.DType.Float64, shape: shape ?? [v.length], device: currentDevice() }));
}

/**
 * The values of a jax-js array returned by the user's function `name`, as a new Float64Array,
 * checked to be float64 of the given shape; the array is consumed.
 *
 * @throws {ArgumentError} when it is not a jax-js array or not float64.
 * @throws {ShapeError} when its shape differs from `shape`.
 */
export function fromJax(a: unknown, name: string, shape: readonly number[]): Float64Array {
  if (!(a instanceof jax.Array)) {
    throw new ArgumentError(`${name} must return a jax-js Array, got ${describe(a)}`);
  }
  if (a.dtype !== 'float64') {
    const dtype = a.dtype;
    a.dispose();
    throw new ArgumentError(
      `${name} returned a ${dtype} array; the adapter works in float64 only: create every array with dtype 'float64' (jax-js makes float32 by default)`,
    );
  }
  if (a.shape.length !== shape.length || a.shape.some((d, i) => d !== shape[i])) {
    const got = a.shape;
    a.dispose();
    throw new ShapeError(`${name} returned an array of shape [${got.join(', ')}], expected [${shape.join(', ')}]`);
  }
  const data = a.dataSync();
  return data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
