import * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import { implicitArgmin } from '../implicit/argmin.js';
import type { Solution } from '../implicit/problem.js';
import type { ImplicitOptions } from '../implicit/types.js';
import type { VectorLike } from '../linalg/matrix.js';
import { Engine, float64Input, type JaxImplicitFunction, type JaxOptions, wrap } from './adapter.js';

/** g(x, ·) at the x being solved for, with its derivatives by jax-js: what a minimizer needs. */
export interface Objective {
  /** g(x, y). */
  value(y: VectorLike): number;
  /** ∂g/∂y at (x, y), length ny. */
  grad(y: VectorLike): Float64Array;
  /** (∂²g/∂y∂yᵀ) v, one Hessian-vector product. */
  hvp(y: VectorLike, v: VectorLike): Float64Array;
}

/** y*(x) = argmin_y g(x, y) with g a jax-js function: no derivative written by hand. */
export interface JaxArgminSpec extends ImplicitOptions, JaxOptions {
  /**
   * The user's minimizer: y*(x), any method; `objective` gives g(x, ·), its gradient and
   * Hessian-vector products, derived from `g`.
   */
  solve(x: Float64Array, objective: Objective): Solution;
  /**
   * g(x, y), a float64 scalar, from float64 jax-js arrays x (nx) and y (ny). It follows jax-js's
   * move semantics: each use of an argument beyond its last takes `.ref`.
   */
  g(x: jax.Array, y: jax.Array): jax.Array;
}

/**
 * `implicitArgmin` with every derivative taken from g by jax-js: F = ∂g/∂y by reverse mode, the
 * Hessian-vector products H v (H = ∂²g/∂y∂yᵀ, symmetric) as VJPs of ∂g/∂y, the cross Hessian's products
 * C u and Cᵀ w (C = ∂²g/∂y∂xᵀ) as a JVP and a VJP of ∂g/∂y in x. Matrix-free by default (CG on the
 * Hessian); `method: 'dense'` forms the Hessian by `jacfwd` and factors it. The hypergradient of
 * `valueAndGrad` is dL/dx = −Cᵀ H⁻¹ ∂L/∂y, as in the core.
 *
 * @param spec `solve` and `g`, the options of `implicitArgmin`, and {@link JaxOptions}.
 * @returns The core's methods with reports whose `derivatives` is `'autodiff'`, and `dispose()`.
 * @throws {ArgumentError} when `g` or `solve` is not a function or an option is invalid; the methods
 * throw it too when g uses float32 arrays or returns no float64 scalar, and the core's errors.
 */
export function jaxArgmin(spec: JaxArgminSpec): JaxImplicitFunction {
  const { solve, g, device, jit, ...options } = spec;
  if (typeof g !== 'function') throw new ArgumentError(`g must be a function (x, y) ↦ g(x, y), got ${typeof g}`);
  if (typeof solve !== 'function') throw new ArgumentError(`solve must be a function x ↦ y*(x), got ${typeof solve}`);
  const gradY = (x: jax.Array, y: jax.Array) => jax.grad((z: jax.Array) => g(x, z))(y);
  const engine = new Engine('g', g, gradY, { device, jit }, true);
  const dense = options.method === 'dense';
  const objective = (x: Float64Array): Objective => {
    const at = (y: VectorLike) => Float64Array.from(float64Input(y, 'y'));
    return {
      value: (y) => {
        return engine.tracedValue(x, at(y), [], 'g(x, y)')[0];
      },
      grad: (y) => {
        const yv = at(y);
        return engine.value(x, yv, yv.length, '∂g/∂y');
      },
      hvp: (y, v) => {
        const yv = at(y);
        const vv = Float64Array.from(float64Input(v, 'v'));
        return engine.jvpY(x, yv, vv, yv.length, true);
      },
    };
  };
  const core = implicitArgmin({
    ...options,
    solve: (x) => solve.call(spec, x, objective(x)),
    grad: (x, y) => engine.value(x, y, y.length, '∂g/∂y'),
    hessian: (x, y) => engine.dfdy(x, y, y.length, dense, true),
    crossHessian: (x, y) => engine.dfdx(x, y, y.length),
  });
  return wrap(engine, core);
}
