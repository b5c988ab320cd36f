import type * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import type { Solution } from '../implicit/problem.js';
import { implicitRoot } from '../implicit/root.js';
import type { ImplicitOptions } from '../implicit/types.js';
import type { VectorLike } from '../linalg/matrix.js';
import { Engine, float64Input, type JaxImplicitFunction, type JaxOptions, wrap } from './adapter.js';

/** F(x, ·) at the x being solved for, with its derivative products by jax-js: what a root finder needs. */
export interface RootSystem {
  /** F(x, y). */
  F(y: VectorLike): Float64Array;
  /** (∂F/∂yᵀ) v, one JVP (a Newton–Krylov step's product). */
  jvp(y: VectorLike, v: VectorLike): Float64Array;
}

/** A root problem F(x, y*(x)) = 0 with F a jax-js function. */
export interface JaxRootSpec extends ImplicitOptions, JaxOptions {
  /** The user's solver: y*(x), any method; `system` gives F(x, ·) and its JVPs. */
  solve(x: Float64Array, system: RootSystem): Solution;
  /** F(x, y), a float64 vector of length ny, from float64 jax-js arrays (jax-js move semantics). */
  F(x: jax.Array, y: jax.Array): jax.Array;
}

/**
 * `implicitRoot` with F's derivatives taken by jax-js: (∂F/∂yᵀ) v and (∂F/∂xᵀ) v by forward mode,
 * their transposes by reverse mode (so a VJP costs one transposed solve and one reverse pass,
 * whatever nx). Matrix-free by default (GMRES); `method: 'dense'` forms ∂F/∂yᵀ by `jacfwd` and
 * factors it by LU.
 *
 * @param spec `solve` and `F`, the options of `implicitRoot`, and {@link JaxOptions}.
 * @returns The core's methods with reports whose `derivatives` is `'autodiff'`, and `dispose()`.
 * @throws {ArgumentError} when `F` or `solve` is not a function or an option is invalid; the methods
 * throw it too when F uses float32 arrays or returns no float64 vector, and the core's errors.
 */
export function jaxRoot(spec: JaxRootSpec): JaxImplicitFunction {
  const { solve, F, device, jit, ...options } = spec;
  if (typeof F !== 'function') throw new ArgumentError(`F must be a function (x, y) ↦ F(x, y), got ${typeof F}`);
  if (typeof solve !== 'function') throw new ArgumentError(`solve must be a function x ↦ y*(x), got ${typeof solve}`);
  const engine = new Engine('F', F, F, { device, jit });
  const dense = options.method === 'dense';
  const system = (x: Float64Array): RootSystem => ({
    F: (y) => {
      const yv = Float64Array.from(float64Input(y, 'y'));
      return engine.value(x, yv, yv.length, 'F(x, y)');
    },
    jvp: (y, v) => {
      const yv = Float64Array.from(float64Input(y, 'y'));
      return engine.jvpY(x, yv, Float64Array.from(float64Input(v, 'v')), yv.length, false);
    },
  });
  const core = implicitRoot({
    ...options,
    solve: (x) => solve.call(spec, x, system(x)),
    F: (x, y) => engine.value(x, y, y.length, 'F(x, y)'),
    dFdy: (x, y) => engine.dfdy(x, y, y.length, dense, false),
    dFdx: (x, y) => engine.dfdx(x, y, y.length),
  });
  return wrap(engine, core);
}
