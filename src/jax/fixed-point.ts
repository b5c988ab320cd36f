import type * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import { implicitFixedPoint } from '../implicit/fixed-point.js';
import type { Solution } from '../implicit/problem.js';
import type { ImplicitOptions } from '../implicit/types.js';
import type { VectorLike } from '../linalg/matrix.js';
import { Engine, float64Input, type JaxImplicitFunction, type JaxOptions, wrap } from './adapter.js';

/** A fixed-point problem y*(x) = T(x, y*(x)) with T a jax-js function. */
export interface JaxFixedPointSpec extends ImplicitOptions, JaxOptions {
  /** The user's solver (e.g. iterating `T` to convergence): y*(x). `T(y)` evaluates T(x, y). */
  solve(x: Float64Array, T: (y: VectorLike) => Float64Array): Solution;
  /** T(x, y), a float64 vector of length ny, from float64 jax-js arrays (jax-js move semantics). */
  T(x: jax.Array, y: jax.Array): jax.Array;
}

/**
 * `implicitFixedPoint` with T's derivatives taken by jax-js: ∂y/∂xᵀ = (I − ∂T/∂yᵀ)⁻¹ ∂T/∂xᵀ, the
 * products with ∂T/∂y and ∂T/∂x by forward mode and with their transposes by reverse mode;
 * matrix-free by default (GMRES), dense (`jacfwd`, LU) with `method: 'dense'`.
 *
 * @param spec `solve` and `T`, the options of `implicitFixedPoint`, and {@link JaxOptions}.
 * @returns The core's methods with reports whose `derivatives` is `'autodiff'`, and `dispose()`.
 * @throws {ArgumentError} when `T` or `solve` is not a function or an option is invalid; the methods
 * throw it too when T uses float32 arrays or returns no float64 vector, and the core's errors.
 */
export function jaxFixedPoint(spec: JaxFixedPointSpec): JaxImplicitFunction {
  const { solve, T, device, jit, ...options } = spec;
  if (typeof T !== 'function') throw new ArgumentError(`T must be a function (x, y) ↦ T(x, y), got ${typeof T}`);
  if (typeof solve !== 'function') throw new ArgumentError(`solve must be a function x ↦ y*(x), got ${typeof solve}`);
  const engine = new Engine('T', T, T, { device, jit });
  const dense = options.method === 'dense';
  const core = implicitFixedPoint({
    ...options,
    solve: (x) =>
      solve.call(spec, x, (y) => {
        const yv = Float64Array.from(float64Input(y, 'y'));
        return engine.value(x, yv, yv.length, 'T(x, y)');
      }),
    T: (x, y) => engine.value(x, y, y.length, 'T(x, y)'),
    dTdy: (x, y) => engine.dfdy(x, y, y.length, dense, false),
    dTdx: (x, y) => engine.dfdx(x, y, y.length),
  });
  return wrap(engine, core);
}
