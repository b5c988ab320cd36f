import * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import type { VectorLike } from '../linalg/matrix.js';
import { inScope, type JaxDevice } from './runtime.js';

/**
 * A float64 jax-js array holding a copy of `data` (row-major, of shape `shape`, default
 * [data.length]), for the constants a user's g, F or T closes over. It works where jax-js's own
 * `np.array(data, { dtype: 'float64' })` fails for want of `Float64Array` (Node 20), and leaves
 * the array uncommitted on jax-js's default device, so that it follows the device the adapter
 * computes on.
 *
 * @throws {ArgumentError} when `data` is a Float32Array or not array-like, or `shape` does not
 * hold `data.length` entries.
 */
export function array(data: VectorLike, shape?: readonly number[]): jax.Array {
  if (data instanceof Float32Array) {
    throw new ArgumentError('data is a Float32Array; the jax adapters work in float64: pass a Float64Array');
  }
  if (data == null || typeof (data as ArrayLike<number>).length !== 'number') {
    throw new ArgumentError(`data must be a Float64Array or an array of numbers, got ${typeof data}`);
  }
  const dims = shape === undefined ? [data.length] : [...shape];
  const size = dims.reduce((a, b) => a * b, 1);
  if (dims.some((d) => !Number.isInteger(d) || d < 0) || size !== data.length) {
    throw new ArgumentError(`shape [${dims.join(', ')}] does not hold the ${data.length} entries of data`);
  }
  const values = data instanceof Float64Array ? data : Float64Array.from(data);
  return inScope(jax.defaultDevice() as JaxDevice, () =>
    jax.numpy.array(values, { dtype: jax.DType.Float64, shape: dims }),
  );
}
