import * as jax from '@jax-js/jax';
import { type JaxDevice, own } from './runtime.js';

/** A user's function of jax-js arrays f(x, y) ∈ R^m (for an argmin, f = ∂g/∂y). */
export type PairFunction = (x: jax.Array, y: jax.Array) => jax.Array;

type Product = (...args: jax.Array[]) => jax.Array;

/**
 * The derivative products of f(x, y) that the implicit function theorem needs, each a jax-js
 * transformation of f (forward mode for products with ∂f/∂y and ∂f/∂x, reverse mode for products
 * with their transposes). Every product consumes its arguments, as jax-js functions do.
 *
 * With `jit`, each product is compiled once by jax-js `jit` — but only after its compiled program
 * agreed with the eager computation at the first arguments it met: jax-js 0.1's `jit` returns
 * wrong forward-over-reverse products (a Hessian-vector product losing most of a matmul's term)
 * without an error, and throws on some programs on its cpu device, so a compiled program that
 * disagrees or throws is dropped and the product stays eager.
 */
export class PairProducts {
  readonly #f: PairFunction;
  readonly #jit: boolean;
  readonly #products = new Map<string, Program>();
  readonly #rejected: string[] = [];

  constructor(f: PairFunction, jit: boolean) {
    this.#f = f;
    this.#jit = jit;
  }

  /** The products whose compiled program disagreed with the eager one, and so run eagerly. */
  get rejected(): readonly string[] {
    return this.#rejected;
  }

  /** f(x, y). */
  value(x: jax.Array, y: jax.Array): jax.Array {
    return this.#run('value', (xx, yy) => this.#f(xx, yy), [x, y]);
  }

  /** (∂f/∂yᵀ) v, by forward mode. */
  jvpY(x: jax.Array, y: jax.Array, v: jax.Array): jax.Array {
    return this.#run('jvpY', (xx, yy, vv) => tangent((z) => this.#f(xx, z), yy, vv), [x, y, v]);
  }

  /** (∂f/∂yᵀ)ᵀ u, by reverse mode. */
  vjpY(x: jax.Array, y: jax.Array, u: jax.Array): jax.Array {
    return this.#run('vjpY', (xx, yy, uu) => cotangent((z) => this.#f(xx, z), yy, uu), [x, y, u]);
  }

  /** (∂f/∂xᵀ) v, by forward mode. */
  jvpX(x: jax.Array, y: jax.Array, v: jax.Array): jax.Array {
    return this.#run('jvpX', (xx, yy, vv) => tangent((z) => this.#f(z, yy), xx, vv), [x, y, v]);
  }

  /** (∂f/∂xᵀ)ᵀ u, by reverse mode. */
  vjpX(x: jax.Array, y: jax.Array, u: jax.Array): jax.Array {
    return this.#run('vjpX', (xx, yy, uu) => cotangent((z) => this.#f(z, yy), xx, uu), [x, y, u]);
  }

  /**
   * ∂f/∂yᵀ by forward mode, one column per coordinate of y (jax-js `jacfwd`). jax-js returns it as
   * [in, out], the transpose of the usual layout: entry [j][i] is ∂f_i/∂y_j.
   */
  jacobianYTransposed(x: jax.Array, y: jax.Array): jax.Array {
    return this.#run('jacY', (xx, yy) => jax.jacfwd((z: jax.Array) => this.#f(xx, z))(yy), [x, y]);
  }

  /** Frees the compiled programs (and the constants they hold). */
  dispose(): void {
    for (const p of this.#products.values()) p.dispose();
    this.#products.clear();
  }

  #run(key: string, eager: Product, args: jax.Array[]): jax.Array {
    let program = this.#products.get(key);
    if (program === undefined) {
      program = new Program(eager, this.#jit, () => this.#rejected.push(key));
      this.#products.set(key, program);
    }
    return program.call(args);
  }
}

/**
 * One jax-js computation, run eagerly or, with `jit`, as a compiled program once that program has
 * agreed with the eager computation (see {@link PairProducts}); `onReject` is called when it did
 * not. The comparison is made at a probe point near the first arguments, not at them: there a
 * result may be pure rounding (a gradient at the minimum), which no two evaluation orders share.
 * A call consumes its arguments.
 */
export class Program {
  readonly #eager: Product;
  #jit: boolean;
  #compiled: (Product & { dispose(): void }) | undefined;
  readonly #onReject: () => void;

  constructor(eager: Product, jit: boolean, onReject: () => void = () => {}) {
    this.#eager = eager;
    this.#jit = jit;
    this.#onReject = onReject;
  }

  call(args: jax.Array[]): jax.Array {
    if (this.#compiled !== undefined) return this.#compiled(...args);
    if (!this.#jit) return this.#eager(...args);
    this.#jit = false;
    const compiled = jax.jit(this.#eager) as unknown as Product & { dispose(): void };
    const want = this.#eager(...args.map(probe)).dataSync();
    let got: ArrayLike<number> | undefined;
    try {
      got = compiled(...args.map(probe)).dataSync();
    } catch {
      // jax-js 0.1's jit also fails outright on some programs: the eager product serves then.
      // Arguments the failed call left unconsumed are released with the adapter's scope.
    }
    if (got !== undefined && agree(want, got)) {
      this.#compiled = compiled;
    } else {
      compiled.dispose();
      this.#onReject();
    }
    return this.call(args);
  }

  dispose(): void {
    this.#compiled?.dispose();
    this.#compiled = undefined;
  }
}

/**
 * A new array near `a` (not consumed): each entry moved by a fixed pseudo-random 5% of its size
 * (at least 5e-5), so that the probe is a generic point of the same shape on the same device.
 */
function probe(a: jax.Array): jax.Array {
  const { shape, device } = a;
  const data = Float64Array.from(a.ref.dataSync() as Float64Array, (v, i) => {
    const r = Math.cos(1 + 3.7 * i);
    return v + 0.05 * r * Math.max(Math.abs(v), 1e-3);
  });
  return own(jax.numpy.array(data, { dtype: jax.DType.Float64, shape, device: device as JaxDevice }));
}

/** Whether two evaluations of one product agree to rounding: ‖a − b‖∞ ≤ 1e-10·‖a‖∞. */
function agree(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(a[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff <= 1e-10 * scale;
}

/** ∂h(z)·v by forward mode: jax-js `jvp`, whose primal output is dropped. */
function tangent(h: (z: jax.Array) => jax.Array, z: jax.Array, v: jax.Array): jax.Array {
  const [out, t] = jax.jvp(h, [z], [v]);
  out.dispose();
  return t;
}

/** (∂h(z))ᵀ u by reverse mode: jax-js `vjp` (primals as a list), its pullback freed after one use. */
function cotangent(h: (z: jax.Array) => jax.Array, z: jax.Array, u: jax.Array): jax.Array {
  const [out, pullback] = jax.vjp(h, [z]);
  out.dispose();
  const [c] = pullback(u) as unknown as jax.Array[];
  pullback.dispose();
  return c;
}
