import { dot } from '../krylov/vector.js';
import type { QPData } from './problem.js';
import { plainOperands } from './products.js';
import { normInf } from './vectors.js';

/** The termination measures of {@link interiorPoint} at a point (x, ν, λ) with slacks s = max(h − Gx, 0). */
export interface OptimalityMeasures {
  primal: number;
  dual: number;
  gap: number;
  objective: number;
}

/**
 * Relative primal residual, dual residual and duality gap of (x, ν, λ) — the interior-point
 * method's criteria, for a point that is not one of its iterates (a polished solution).
 */
export function optimalityMeasures(
  qp: QPData,
  x: Float64Array,
  nu: Float64Array,
  lambda: Float64Array,
): OptimalityMeasures {
  const { n, p, m, c, b, h } = qp;
  const ops = plainOperands(qp);
  const Qx = ops.Q(x, new Float64Array(n));
  const Ax = ops.A(x, new Float64Array(p));
  const Gx = ops.G(x, new Float64Array(m));
  const Atnu = ops.At(nu, new Float64Array(n));
  const Gtl = ops.Gt(lambda, new Float64Array(n));
  let primal = 0;
  for (let i = 0; i < p; i++) primal = Math.max(primal, Math.abs(Ax[i] - b[i]));
  for (let i = 0; i < m; i++) primal = Math.max(primal, Gx[i] - h[i]);
  primal /= Math.max(1, normInf(b), normInf(h), normInf(Ax), normInf(Gx));
  let dual = 0;
  for (let i = 0; i < n; i++) dual = Math.max(dual, Math.abs(Qx[i] + c[i] + Atnu[i] + Gtl[i]));
  dual /= Math.max(1, normInf(c), normInf(Qx), normInf(Atnu), normInf(Gtl));
  const xQx = dot(x, Qx);
  const objective = 0.5 * xQx + dot(c, x);
  const dualObjective = -0.5 * xQx - dot(b, nu) - dot(h, lambda);
  const gap = Math.abs(objective - dualObjective) / Math.max(1, Math.min(Math.abs(objective), Math.abs(dualObjective)));
  return { primal, dual, gap, objective };
}
