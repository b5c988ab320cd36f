import type * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';
import type { Report } from '../implicit/report.js';
import type {
  ImplicitFunction,
  JacobianResult,
  JvpResult,
  Loss,
  ValueAndGradResult,
  VjpResult,
} from '../implicit/types.js';
import { Matrix, type VectorLike } from '../linalg/matrix.js';
import type { LinearOperator } from '../operators/linear-operator.js';
import { inspect } from './inspect.js';
import { type PairFunction, PairProducts } from './products.js';
import { fromJax, inScope, type JaxDevice, switchDevice, toJax } from './runtime.js';

/** Options of `jaxArgmin`, `jaxRoot` and `jaxFixedPoint` beyond those of the core wrappers. */
export interface JaxOptions {
  /**
   * The jax-js device that computes the derivatives. `'auto'` (default): `'wasm'` when the user's
   * function uses no exp, log, sin, cos, asin, atan, erf or erfc (the wasm device computes those in
   * float32 arithmetic), else `'cpu'`, jax-js's exact but interpreted device. `'wasm'` with such
   * functions is faster and accurate to float32 only: the report then carries a warning.
   */
  device?: 'auto' | JaxDevice;
  /**
   * Compile each derivative product once with jax-js `jit` (default true). Each compiled program is
   * checked against the eager computation at its first use and dropped if they disagree (see
   * `PairProducts`). Compiling removes jax-js's large per-operation cost, which dominates small
   * problems; on the cpu device, whose compiled kernels are interpreted, eager evaluation can be
   * faster for large arrays: measure with `jit: false`.
   */
  jit?: boolean;
}

/** The report of a jax adapter's result: the core {@link Report}, with where the derivatives came from. */
export interface JaxReport extends Report {
  /** Always `'autodiff'`: every derivative product was taken exactly by jax-js. */
  derivatives: 'autodiff';
  sources: { dFdy: 'autodiff'; dFdx: 'autodiff' };
  /** The jax-js device that computed them. */
  device: JaxDevice;
  /** Whether `jit` was on: products ran as compiled programs, except any whose program disagreed with eager evaluation. */
  jit: boolean;
}

type WithJaxReport<T> = Omit<T, 'report'> & { report: JaxReport };

/**
 * A user's problem made differentiable through jax-js: the methods of the core wrappers, with
 * {@link JaxReport}s, and `dispose()` to free the compiled programs (the object is usable until then).
 */
export interface JaxImplicitFunction {
  solve(x: VectorLike): Float64Array;
  jacobian(x: VectorLike): WithJaxReport<JacobianResult>;
  jvp(x: VectorLike, dx: VectorLike): WithJaxReport<JvpResult>;
  vjp(x: VectorLike, w: VectorLike): WithJaxReport<VjpResult>;
  /** As the core's; `jaxLoss(f)` makes a loss of a jax-js scalar function f(y). */
  valueAndGrad(x: VectorLike, loss: Loss): WithJaxReport<ValueAndGradResult>;
  dispose(): void;
  [Symbol.dispose](): void;
}

/**
 * One problem's link to jax-js: the function it traces (g, F or T, named `name`), the device chosen
 * for it at the first point (x, y), and the derivative products of `f` (F itself, or ∂g/∂y).
 */
export class Engine {
  readonly name: string;
  readonly #scalar: boolean;
  readonly #traced: PairFunction;
  readonly #f: PairFunction;
  readonly #asked: 'auto' | JaxDevice;
  readonly #jitAsked: boolean | undefined;
  #device: JaxDevice | undefined;
  #jit = false;
  #warnings: string[] = [];
  #products: PairProducts | undefined;
  #tracedProducts: PairProducts | undefined;

  /** `scalar`: the traced function must return a scalar (g). */
  constructor(name: string, traced: PairFunction, f: PairFunction, options: JaxOptions, scalar = false) {
    const device = checkDevice(options.device);
    if (options.jit !== undefined && typeof options.jit !== 'boolean') {
      throw new ArgumentError(`jit must be a boolean, got ${String(options.jit)}`);
    }
    this.name = name;
    this.#scalar = scalar;
    this.#traced = traced;
    this.#f = f;
    this.#asked = device;
    this.#jitAsked = options.jit;
  }

  /** Runs `body` in a jax-js scope on this problem's device (cpu until it is chosen). */
  run<T>(body: () => T): T {
    return inScope(this.#device ?? 'cpu', body);
  }

  /**
   * The derivative products, the device chosen at the first call from one trace of the user's
   * function at (x, y) (which also refuses float32 in it).
   */
  products(x: Float64Array, y: Float64Array): PairProducts {
    if (this.#products === undefined) {
      const { device, warnings } = chooseDevice(
        this.#asked,
        this.#traced,
        [toJax(x), toJax(y)],
        this.name,
        this.#scalar,
      );
      this.#warnings = warnings;
      this.#device = device;
      this.#jit = this.#jitAsked !== false;
      this.#products = new PairProducts(this.#f, this.#jit);
      this.#tracedProducts = new PairProducts(this.#traced, this.#jit);
    }
    switchDevice(this.#device!);
    return this.#products;
  }

  /** The traced function itself at (x, y) (g's value for an argmin), of the given shape. */
  tracedValue(x: Float64Array, y: Float64Array, shape: number[], name: string): Float64Array {
    this.products(x, y);
    return fromJax(this.#tracedProducts!.value(toJax(x), toJax(y)), name, shape);
  }

  /** f(x, y) as a Float64Array of length m. */
  value(x: Float64Array, y: Float64Array, m: number, name: string): Float64Array {
    const p = this.products(x, y);
    return fromJax(p.value(toJax(x), toJax(y)), name, [m]);
  }

  /**
   * (∂f/∂yᵀ) v at (x, y), length m: a JVP, or when ∂f/∂y is `symmetric` (a Hessian, f = ∂g/∂y) the
   * VJP (∂f/∂yᵀ)ᵀ v, equal to it, which jax-js's `jit` compiles correctly where it does not compile
   * forward-over-reverse products (see {@link PairProducts}).
   */
  jvpY(x: Float64Array, y: Float64Array, v: Float64Array, m: number, symmetric: boolean): Float64Array {
    return this.#dfdyProduct(this.products(x, y), toJax(x), toJax(y), m, symmetric)(v);
  }

  /**
   * ∂f/∂yᵀ (m × ny) at (x, y): dense by `jacfwd` when `dense`, else an operator whose products are
   * jax-js JVPs and VJPs (VJPs both ways when `symmetric`, as {@link Engine.jvpY}).
   */
  dfdy(x: Float64Array, y: Float64Array, m: number, dense: boolean, symmetric: boolean): Matrix | LinearOperator {
    const p = this.products(x, y);
    const ny = y.length;
    if (dense) {
      const t = fromJax(p.jacobianYTransposed(toJax(x), toJax(y)), `jacfwd of ${this.name}`, [ny, m]);
      const M = new Matrix(m, ny);
      for (let j = 0; j < ny; j++) for (let i = 0; i < m; i++) M.data[i * ny + j] = t[j * m + i];
      return M;
    }
    const X = toJax(x);
    const Y = toJax(y);
    const matvec = this.#dfdyProduct(p, X, Y, m, symmetric);
    const rmatvec = symmetric
      ? matvec
      : (u: Float64Array) => fromJax(p.vjpY(X.ref, Y.ref, toJax(u)), `VJP of ${this.name} in y`, [ny]);
    return { rows: m, cols: ny, matvec, rmatvec };
  }

  /** v ↦ (∂f/∂yᵀ) v at the arrays X, Y (which it does not consume). */
  #dfdyProduct(p: PairProducts, X: jax.Array, Y: jax.Array, m: number, symmetric: boolean) {
    return symmetric
      ? (v: Float64Array) => fromJax(p.vjpY(X.ref, Y.ref, toJax(v)), `Hessian-vector product of ${this.name}`, [m])
      : (v: Float64Array) => fromJax(p.jvpY(X.ref, Y.ref, toJax(v)), `JVP of ${this.name} in y`, [m]);
  }

  /** ∂f/∂xᵀ (m × nx) at (x, y) as an operator: JVPs in x, VJPs in x for its transpose. */
  dfdx(x: Float64Array, y: Float64Array, m: number): LinearOperator {
    const p = this.products(x, y);
    const X = toJax(x);
    const Y = toJax(y);
    const nx = x.length;
    return {
      rows: m,
      cols: nx,
      matvec: (v) => fromJax(p.jvpX(X.ref, Y.ref, toJax(v)), `JVP of ${this.name} in x`, [m]),
      rmatvec: (u) => fromJax(p.vjpX(X.ref, Y.ref, toJax(u)), `VJP of ${this.name} in x`, [nx]),
    };
  }

  /** The core report with where the derivatives came from. */
  report(r: Report): JaxReport {
    const report: JaxReport = {
      ...r,
      derivatives: 'autodiff',
      sources: { dFdy: 'autodiff', dFdx: 'autodiff' },
      device: this.#device ?? 'cpu',
      jit: this.#jit,
      // Beside the solve's: derivatives less accurate than float64 (a transcendental function on 'wasm').
      warnings: [...r.warnings, ...this.#warnings],
    };
    return report;
  }

  dispose(): void {
    this.#products?.dispose();
    this.#tracedProducts?.dispose();
    this.#products = undefined;
    this.#tracedProducts = undefined;
  }
}

/**
 * The device for a function `f` that uses the transcendental primitives found by one trace at
 * `args`: `asked`, or for `'auto'` the wasm device unless f uses one that it computes in float32
 * arithmetic. A warning says so when `'wasm'` was asked for such an f.
 */
export function chooseDevice(
  asked: 'auto' | JaxDevice,
  f: (...args: jax.Array[]) => jax.Array,
  args: jax.Array[],
  name: string,
  scalar: boolean,
): { device: JaxDevice; warnings: string[] } {
  const { transcendentals } = inspect(f, args, name, scalar);
  const device = asked === 'auto' ? (transcendentals.length > 0 ? 'cpu' : 'wasm') : asked;
  const warnings =
    device === 'wasm' && transcendentals.length > 0
      ? [
          `${name} uses ${transcendentals.join(', ')}, which jax-js's wasm device computes in float32 arithmetic: the derivatives have float32 accuracy only; use device: 'auto' or 'cpu' for float64`,
        ]
      : [];
  return { device, warnings };
}

/** Throws {@link ArgumentError} unless `device` is `'auto'`, `'cpu'` or `'wasm'`; returns it (undefined: `'auto'`). */
export function checkDevice(device: unknown): 'auto' | JaxDevice {
  if (device === undefined) return 'auto';
  if (device !== 'auto' && device !== 'cpu' && device !== 'wasm') {
    throw new ArgumentError(`device must be 'auto', 'cpu' or 'wasm', got ${String(device)}`);
  }
  return device;
}

/** x as a Float64Array; a float32 input (typed array or jax-js array) is refused, a jax-js array is not consumed. */
export function float64Input(x: unknown, name: string): VectorLike {
  if (x instanceof Float32Array) {
    throw new ArgumentError(`${name} is a Float32Array; the jax adapters work in float64: pass a Float64Array`);
  }
  if (isJaxArray(x)) {
    if (x.dtype !== 'float64') throw new ArgumentError(`${name} is a jax-js ${x.dtype} array; pass a float64 one`);
    if (x.ndim !== 1)
      throw new ArgumentError(`${name} is a jax-js array of shape [${x.shape.join(', ')}]; pass a vector`);
    return inScope(undefined, () => x.ref.dataSync() as Float64Array);
  }
  return x as VectorLike;
}

function isJaxArray(x: unknown): x is jax.Array {
  return typeof x === 'object' && x !== null && typeof (x as jax.Array).dataSync === 'function' && 'dtype' in x;
}

/** The core function's methods, each run in the engine's jax-js scope, with jax reports. */
export function wrap(engine: Engine, core: ImplicitFunction): JaxImplicitFunction {
  const dispose = () => engine.dispose();
  return {
    solve: (x) => engine.run(() => core.solve(float64Input(x, 'x'))),
    jacobian: (x) =>
      engine.run(() => {
        const r = core.jacobian(float64Input(x, 'x'));
        return { ...r, report: engine.report(r.report) };
      }),
    jvp: (x, dx) =>
      engine.run(() => {
        const r = core.jvp(float64Input(x, 'x'), float64Input(dx, 'dx'));
        return { ...r, report: engine.report(r.report) };
      }),
    vjp: (x, w) =>
      engine.run(() => {
        const r = core.vjp(float64Input(x, 'x'), float64Input(w, 'w'));
        return { ...r, report: engine.report(r.report) };
      }),
    valueAndGrad: (x, loss) =>
      engine.run(() => {
        const r = core.valueAndGrad(float64Input(x, 'x'), loss);
        return { ...r, report: engine.report(r.report) };
      }),
    dispose,
    [Symbol.dispose]: dispose,
  };
}
