import { ldltOf } from '../linalg/ldlt.js';
import type { DenseStrategy } from './dense.js';

/**
 * Structure `'symmetric'`: LDLᵀ with Bunch–Kaufman pivoting of the lower triangle (as LAPACK
 * dsytrf), for symmetric indefinite A; its inertia goes in the report. Refined when A's symmetry is
 * checked (the residual is taken against the whole of A).
 */
export const denseLdlt: DenseStrategy = {
  solver: 'ldlt',
  symmetric: true,
  refines: true,
  factor: (M, name) => ldltOf(M, name, true, true),
};
