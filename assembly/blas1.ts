// Level-1 BLAS on f64 vectors in linear memory, as reference BLAS ddot and daxpy. Strides are in
// elements; a negative stride walks the vector backwards from its last element, as in BLAS.
// The unit-stride forms are the inner loops of gemv, the triangular solves and the factorizations.
import { madd } from './simd';

/** Σ_{i<n} x[i]·y[i] for unit-stride x, y; f64x2 with two independent accumulators. */
// @ts-ignore: decorator
@inline
export function dotUnit(n: i32, x: usize, y: usize): f64 {
  let s0 = f64x2.splat(0.0);
  let s1 = f64x2.splat(0.0);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    s0 = madd(v128.load(x + o), v128.load(y + o), s0);
    s1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), s1);
  }
  s0 = f64x2.add(s0, s1);
  let s = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    s += load<f64>(x + o) * load<f64>(y + o);
  }
  return s;
}

/** y[i] += alpha·x[i], i < n, unit strides; f64x2. */
// @ts-ignore: decorator
@inline
export function axpyUnit(n: i32, alpha: f64, x: usize, y: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, madd(av, v128.load(x + o), v128.load(y + o)));
    v128.store(y + o, madd(av, v128.load(x + o, 16), v128.load(y + o, 16)), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + alpha * load<f64>(x + o));
  }
}

/** x[i] *= alpha, i < n, unit stride. */
export function scalUnit(n: i32, alpha: f64, x: usize): void {
  const av = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o = <usize>i << 3;
    v128.store(x + o, f64x2.mul(av, v128.load(x + o)));
  }
  if (i < n) {
    const o = <usize>i << 3;
    store<f64>(x + o, alpha * load<f64>(x + o));
  }
}

// Start offset (bytes) of a strided vector of n elements: BLAS starts a negative stride at the end.
// @ts-ignore: decorator
@inline
function start(n: i32, inc: i32): isize {
  return inc < 0 ? <isize>(1 - n) * <isize>inc * 8 : 0;
}

/** Σ_{i<n} x[i·incx]·y[i·incy] (ddot). */
export function dot(n: i32, x: usize, incx: i32, y: usize, incy: i32): f64 {
  if (n <= 0) return 0.0;
  if (incx == 1 && incy == 1) return dotUnit(n, x, y);
  let px = <isize>x + start(n, incx);
  let py = <isize>y + start(n, incy);
  const sx = <isize>incx * 8;
  const sy = <isize>incy * 8;
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    s += load<f64>(<usize>px) * load<f64>(<usize>py);
    px += sx;
    py += sy;
  }
  return s;
}

/** y[i·incy] += alpha·x[i·incx], i < n (daxpy). */
export function axpy(n: i32, alpha: f64, x: usize, incx: i32, y: usize, incy: i32): void {
  if (n <= 0 || alpha == 0.0) return;
  if (incx == 1 && incy == 1) {
    axpyUnit(n, alpha, x, y);
    return;
  }
  let px = <isize>x + start(n, incx);
  let py = <isize>y + start(n, incy);
  const sx = <isize>incx * 8;
  const sy = <isize>incy * 8;
  for (let i = 0; i < n; i++) {
    store<f64>(<usize>py, load<f64>(<usize>py) + alpha * load<f64>(<usize>px));
    px += sx;
    py += sy;
  }
}
