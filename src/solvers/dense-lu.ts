import { luOf } from '../linalg/lu.js';
import type { DenseStrategy } from './dense.js';

/**
 * Structure `'general'`: LU with partial pivoting (as LAPACK dgetrf), solving with A or Aᵀ from
 * one factorization; refined when pivot growth leaves a backward error above the threshold.
 */
export const denseLu: DenseStrategy = {
  solver: 'lu',
  symmetric: false,
  refines: true,
  factor: (M, name) => luOf(M, name, true),
};
