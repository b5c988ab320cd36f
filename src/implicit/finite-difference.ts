import { Matrix } from '../linalg/matrix.js';

// Central differences in float64. The truncation error of (f(z + h) − f(z − h)) / 2h is
// O(h²·|f'''|) and the rounding error O(ε·|f|/h); h = ε^{1/3}·max(1, |z|) balances them and leaves
// about 2/3 of the digits, ~1e-10 relative for smooth f of unit scale (Nocedal & Wright,
// "Numerical Optimization", §8.1). The step actually taken, (z + h) − (z − h), is the one
// divided by, so that the representation error of z ± h does not enter.

/** ε^{1/3} ≈ 6.06e-6: the relative step of central differences in float64. */
export const CENTRAL_STEP = Math.cbrt(Number.EPSILON);

/** A vector function with a fixed output length, as finite differences see it. */
export type VectorFunction = (z: Float64Array) => Float64Array;

/**
 * The m × n Jacobian of f at z (n = z.length) by central differences, one column per coordinate,
 * 2n evaluations of f. z is restored before returning.
 */
export function fdJacobian(f: VectorFunction, z: Float64Array, m: number): Matrix {
  const n = z.length;
  const J = new Matrix(m, n);
  const d = J.data;
  forEachColumn(f, z, (j, column) => {
    for (let i = 0; i < m; i++) d[i * n + j] = column[i];
  });
  return J;
}

/**
 * Jᵀu for the Jacobian J of f at z, accumulated one column at a time (2n evaluations of f,
 * memory O(m + n), J never stored): (Jᵀu)_j = uᵀ (∂f/∂z_j).
 */
export function fdTransposeProduct(f: VectorFunction, z: Float64Array, u: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  forEachColumn(f, z, (j, column) => {
    let s = 0;
    for (let i = 0; i < u.length; i++) s += u[i] * column[i];
    out[j] = s;
  });
  return out;
}

/**
 * The directional derivative J v of f at z by central differences along v, 2 evaluations of f:
 * (f(z + h v) − f(z − h v)) / 2h with h = ε^{1/3}·max(1, ‖z‖∞) / ‖v‖∞. Zero for v = 0, without
 * evaluating f.
 */
export function fdDirectional(f: VectorFunction, z: Float64Array, v: Float64Array, m: number): Float64Array {
  let vmax = 0;
  let zmax = 1;
  for (let i = 0; i < v.length; i++) {
    vmax = Math.max(vmax, Math.abs(v[i]));
    zmax = Math.max(zmax, Math.abs(z[i]));
  }
  if (vmax === 0) return new Float64Array(m);
  const h = (CENTRAL_STEP * zmax) / vmax;
  const zp = new Float64Array(z.length);
  const zm = new Float64Array(z.length);
  for (let i = 0; i < z.length; i++) {
    zp[i] = z[i] + h * v[i];
    zm[i] = z[i] - h * v[i];
  }
  const fp = Float64Array.from(f(zp)); // a copy: f may reuse its output buffer
  const fm = f(zm);
  const out = new Float64Array(m);
  const inv = 1 / (2 * h);
  for (let i = 0; i < m; i++) out[i] = (fp[i] - fm[i]) * inv;
  return out;
}

function forEachColumn(f: VectorFunction, z: Float64Array, use: (j: number, column: Float64Array) => void): void {
  const w = Float64Array.from(z);
  for (let j = 0; j < z.length; j++) {
    const zj = z[j];
    const h = CENTRAL_STEP * Math.max(1, Math.abs(zj));
    const plus = zj + h;
    const minus = zj - h;
    w[j] = plus;
    const fp = Float64Array.from(f(w)); // a copy: f may reuse its output buffer
    w[j] = minus;
    const fm = f(w);
    w[j] = zj;
    const inv = 1 / (plus - minus);
    const column = new Float64Array(fp.length);
    for (let i = 0; i < fp.length; i++) column[i] = (fp[i] - fm[i]) * inv;
    use(j, column);
  }
}
