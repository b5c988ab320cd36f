// Level-1 operations on Float64Array for the Krylov solvers: plain loops, no allocation.

/** xᵀ y. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * y[i];
  return s;
}

/** ‖x‖₂, scaled so that neither overflow nor underflow occurs for finite x. */
export function norm2(x: Float64Array): number {
  let scale = 0;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]);
    if (a > scale) scale = a;
  }
  if (scale === 0 || !Number.isFinite(scale)) return scale;
  let s = 0;
  const inv = 1 / scale;
  for (let i = 0; i < x.length; i++) {
    const t = x[i] * inv;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/** y ← y + α x. */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

/** r ← b − A x, with `Ax` the product already computed. */
export function residualInto(r: Float64Array, b: Float64Array, Ax: Float64Array): void {
  for (let i = 0; i < r.length; i++) r[i] = b[i] - Ax[i];
}
