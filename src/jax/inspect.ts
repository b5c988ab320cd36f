import * as jax from '@jax-js/jax';
import { ArgumentError } from '../errors.js';

// What the adapter learns from tracing the user's function once (jax-js's makeJaxpr): whether it
// uses primitives that jax-js's wasm device evaluates in float32 arithmetic (its generated kernels
// compute sin, cos, asin, atan, exp, log, erf and erfc with f32 polynomials even on float64 data),
// and whether float32 (or float16) values enter a computation that must be float64.

/** jax-js primitives that its wasm device computes to float32 accuracy only. */
export const WASM_FLOAT32_PRIMITIVES: ReadonlySet<string> = new Set([
  'sin',
  'cos',
  'asin',
  'atan',
  'exp',
  'log',
  'erf',
  'erfc',
]);

const LOW_PRECISION = new Set(['float32', 'float16']);

/** What one trace of a user's function showed. */
export interface Inspection {
  /** The primitives of {@link WASM_FLOAT32_PRIMITIVES} that it uses, sorted. */
  transcendentals: string[];
}

interface Binder {
  aval?: { dtype?: string; shape?: number[] };
}

interface Eqn {
  primitive: unknown;
  inputs: unknown[];
  params: Record<string, unknown>;
  outBinders: Binder[];
}

interface JaxprLike {
  eqns: Eqn[];
}

/**
 * Traces `f(...args)` (the arrays are not consumed) and inspects its program.
 *
 * @throws {ArgumentError} naming `name` when f closes over a float32 or float16 array, converts a
 * float64 value to a lower precision, returns anything but one float64 array, or (`scalar`) does
 * not return a scalar.
 */
export function inspect(
  f: (...args: jax.Array[]) => jax.Array,
  args: jax.Array[],
  name: string,
  scalar = false,
): Inspection {
  const { jaxpr: closed } = jax.makeJaxpr(f)(...args);
  try {
    for (const c of closed.consts) {
      if (LOW_PRECISION.has(c.dtype)) {
        throw new ArgumentError(
          `${name} uses a ${c.dtype} array of shape [${c.shape.join(', ')}] (a constant it closes over): create it with dtype 'float64' — jax-js makes float32 arrays by default, and a float32 constant limits every derivative to float32 accuracy`,
        );
      }
    }
    const found = new Set<string>();
    walk(closed.jaxpr as unknown as JaxprLike, name, found);
    const outs = (closed.jaxpr as unknown as { outs: Binder[] }).outs;
    if (outs.length !== 1) throw new ArgumentError(`${name} must return one jax-js array, got ${outs.length} outputs`);
    const dtype = outs[0].aval?.dtype;
    if (dtype !== undefined && dtype !== 'float64') {
      throw new ArgumentError(`${name} returns a ${dtype} array; it must compute in float64`);
    }
    const shape = outs[0].aval?.shape;
    if (scalar && shape !== undefined && shape.length !== 0) {
      throw new ArgumentError(`${name} must return a scalar, got an array of shape [${shape.join(', ')}]`);
    }
    return { transcendentals: [...found].sort() };
  } finally {
    closed.dispose();
  }
}

function walk(jaxpr: JaxprLike, name: string, found: Set<string>): void {
  for (const eqn of jaxpr.eqns) {
    const primitive = String(eqn.primitive);
    if (WASM_FLOAT32_PRIMITIVES.has(primitive)) found.add(primitive);
    const out = eqn.outBinders[0]?.aval?.dtype;
    if (out !== undefined && LOW_PRECISION.has(out)) {
      const fromFloat64 = eqn.inputs.some((v) => (v as Binder)?.aval?.dtype === 'float64');
      if (fromFloat64) {
        throw new ArgumentError(
          `${name} converts a float64 value to ${out} (jax-js primitive '${primitive}'): every derivative would then have float32 accuracy; keep the computation in float64`,
        );
      }
    }
    for (const value of Object.values(eqn.params)) {
      const inner = nestedJaxpr(value);
      if (inner !== undefined) walk(inner, name, found);
    }
  }
}

function nestedJaxpr(value: unknown): JaxprLike | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray((value as JaxprLike).eqns)) return value as JaxprLike;
  const inner = (value as { jaxpr?: unknown }).jaxpr;
  if (typeof inner === 'object' && inner !== null && Array.isArray((inner as JaxprLike).eqns))
    return inner as JaxprLike;
  return undefined;
}
