import * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import type { Loss } from '../implicit/types.js';
import { checkDevice, chooseDevice, type JaxOptions } from './adapter.js';
import { Program } from './products.js';
import { fromJax, inScope, type JaxDevice, toJax } from './runtime.js';

/**
 * An outer loss L(y) written as a jax-js function, as the `Loss` that `valueAndGrad` takes: each
 * call returns [L(y), ∂L/∂y] from one jax-js `valueAndGrad`. The device is chosen at the first call
 * as for the adapters (`'auto'`: cpu when L uses a function that jax-js's wasm device computes in
 * float32 arithmetic). Usable with the core wrappers too.
 *
 * @param L a float64 scalar function of a float64 jax-js vector y (jax-js move semantics).
 * @param options `device` and `jit` as in {@link JaxOptions}.
 * @throws {ArgumentError} when L is not a function or `device` is invalid; the loss throws it when L
 * uses float32 arrays or does not return a float64 scalar.
 */
export function jaxLoss(L: (y: jax.Array) => jax.Array, options: Pick<JaxOptions, 'device' | 'jit'> = {}): Loss {
  if (typeof L !== 'function') throw new ArgumentError(`L must be a function y ↦ L(y), got ${typeof L}`);
  const asked = checkDevice(options.device);
  let device: JaxDevice | undefined;
  // [L(y), ∂L/∂y] as one vector, so that one program (compiled and checked as the adapters' are) gives both.
  const program = new Program((y) => {
    const [value, grad] = jax.valueAndGrad(L)(y) as unknown as [jax.Array, jax.Array];
    if (value.dtype !== 'float64' || value.ndim !== 0) {
      throw new ArgumentError(
        `loss(y) must return a float64 scalar, got a ${value.dtype} array of shape [${value.shape.join(', ')}]`,
      );
    }
    return jax.numpy.concatenate([value.reshape([1]), grad]);
  }, options.jit !== false);
  return (y) =>
    inScope(device ?? 'cpu', () => {
      const yv = Float64Array.from(y);
      if (device === undefined) device = chooseDevice(asked, L, [toJax(yv)], 'loss(y)', true).device;
      return inScope(device, () => {
        const out = fromJax(program.call([toJax(yv)]), 'loss(y)', [yv.length + 1]);
        return [out[0], out.subarray(1)] as const;
      });
    });
}
