// Level-1 operations on Float64Array for the Krylov solvers: plain loops, no allocation.

/** xᵀ y. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/**
 * ‖x‖₂: the plain sum of squares when it neither overflows nor underflows (one pass), else the
 * scaled two-pass form, so that no finite x gives 0 or Infinity wrongly.
 */
export function norm2(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  if (s < 1e300 && s > 1e-300) return Math.sqrt(s);
  if (s === 0) {
    // either x = 0 or every square underflowed
    let any = false;
    for (let i = 0; i < x.length; i++) if (x[i] !== 0) any = true;
    if (!any) return 0;
  }
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > scale) scale = a;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let t = 0;
  const inv = 1 / scale;
  for (let i = 0; i < x.length; i++) {
    const u = x[i] * inv;
    t += u * u;
  }
  return scale * Math.sqrt(t);
}

/** y ← y + α x. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** r ← b − A x, with `Ax` the product already computed. */
export function residualInto(r: Float64Array, b: Float64Array, Ax: Float64Array): void {
  for (let i = 0; i < r.length; i++) r[i] = b[i] - Ax[i];
}
