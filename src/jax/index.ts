// implicit-diff/jax: the implicit-differentiation wrappers with derivatives taken by @jax-js/jax.
// Re-exports only; the package root never imports this entry.

export type {
  JaxImplicitFunction,
  JaxOptions,
  JaxReport,
} from './adapter.js';
export { type JaxArgminSpec, jaxArgmin, type Objective } from './argmin.js';
export { array } from './array.js';
export { type JaxFixedPointSpec, jaxFixedPoint } from './fixed-point.js';
export { jaxLoss } from './loss.js';
export { type JaxRootSpec, jaxRoot, type RootSystem } from './root.js';
export type { JaxDevice } from './runtime.js';
