// Matrix-vector product y = alpha·op(A)·x + beta·y for a row-major m×n A, as reference BLAS dgemv.
// Row-major storage makes both forms contiguous: op(A) = A is a dot product of each row with x,
// op(A) = Aᵀ is a sum of rows of A scaled by x (axpy along rows). Both take four rows at a time,
// so that each load of x (or load and store of y) serves four rows.
import { axpyUnit, dotUnit, scalUnit } from './blas1';
import { madd } from './simd';

/** Sets y[0..n) to beta·y, treating beta = 0 as an overwrite (NaN in y does not propagate). */
export function scaleOrZero(n: i32, beta: f64, y: usize): void {
  if (beta == 1.0) return;
  if (beta == 0.0) memory.fill(y, 0, <usize>n << 3);
  else scalUnit(n, beta, y);
}

// @ts-ignore: decorator
@inline
function hsum(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** y_i = alpha·(A·x)_i + beta·y_i for rows i of a block of four. */
function dot4(n: i32, a: usize, rs: usize, x: usize, alpha: f64, beta: f64, y: usize): void {
  const r1 = a + rs;
  const r2 = r1 + rs;
  const r3 = r2 + rs;
  let s0 = f64x2.splat(0.0);
  let s1 = f64x2.splat(0.0);
  let s2 = f64x2.splat(0.0);
  let s3 = f64x2.splat(0.0);
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    const xv = v128.load(x + o);
    s0 = madd(v128.load(a + o), xv, s0);
    s1 = madd(v128.load(r1 + o), xv, s1);
    s2 = madd(v128.load(r2 + o), xv, s2);
    s3 = madd(v128.load(r3 + o), xv, s3);
  }
  let t0 = hsum(s0);
  let t1 = hsum(s1);
  let t2 = hsum(s2);
  let t3 = hsum(s3);
  if (j < n) {
    const o = <usize>j << 3;
    const xj = load<f64>(x + o);
    t0 += load<f64>(a + o) * xj;
    t1 += load<f64>(r1 + o) * xj;
    t2 += load<f64>(r2 + o) * xj;
    t3 += load<f64>(r3 + o) * xj;
  }
  if (beta == 0.0) {
    store<f64>(y, alpha * t0);
    store<f64>(y, alpha * t1, 8);
    store<f64>(y, alpha * t2, 16);
    store<f64>(y, alpha * t3, 24);
  } else {
    store<f64>(y, alpha * t0 + beta * load<f64>(y));
    store<f64>(y, alpha * t1 + beta * load<f64>(y, 8), 8);
    store<f64>(y, alpha * t2 + beta * load<f64>(y, 16), 16);
    store<f64>(y, alpha * t3 + beta * load<f64>(y, 24), 24);
  }
}

/** y += c0·r0 + c1·r1 + c2·r2 + c3·r3 for four rows r0..r3 (stride rs) of length n. */
function axpy4(n: i32, c: usize, a: usize, rs: usize, y: usize): void {
  const c0 = v128.load64_splat(c);
  const c1 = v128.load64_splat(c, 8);
  const c2 = v128.load64_splat(c, 16);
  const c3 = v128.load64_splat(c, 24);
  const r1 = a + rs;
  const r2 = r1 + rs;
  const r3 = r2 + rs;
  let j = 0;
  for (; j + 2 <= n; j += 2) {
    const o = <usize>j << 3;
    let v = v128.load(y + o);
    v = madd(c0, v128.load(a + o), v);
    v = madd(c1, v128.load(r1 + o), v);
    v = madd(c2, v128.load(r2 + o), v);
    v = madd(c3, v128.load(r3 + o), v);
    v128.store(y + o, v);
  }
  if (j < n) {
    const o = <usize>j << 3;
    store<f64>(
      y + o,
      load<f64>(y + o) +
        load<f64>(c) * load<f64>(a + o) +
        load<f64>(c, 8) * load<f64>(r1 + o) +
        load<f64>(c, 16) * load<f64>(r2 + o) +
        load<f64>(c, 24) * load<f64>(r3 + o),
    );
  }
}

// Four scaled entries of x for axpy4.
const coef: usize = memory.data(32, 16);

/** y = alpha·op(A)·x + beta·y; A m×n row-major (leading dimension lda), op = Aᵀ when trans = 1. */
export function gemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const rs = <usize>lda << 3;
  if (trans == 0) {
    if (m <= 0) return;
    if (n <= 0 || alpha == 0.0) {
      scaleOrZero(m, beta, y);
      return;
    }
    let i = 0;
    for (; i + 4 <= m; i += 4) dot4(n, a + <usize>i * rs, rs, x, alpha, beta, y + (<usize>i << 3));
    for (; i < m; i++) {
      const yi = y + (<usize>i << 3);
      const t = alpha * dotUnit(n, a + <usize>i * rs, x);
      store<f64>(yi, beta == 0.0 ? t : t + beta * load<f64>(yi));
    }
  } else {
    if (n <= 0) return;
    scaleOrZero(n, beta, y);
    if (alpha == 0.0 || m <= 0) return;
    let i = 0;
    for (; i + 4 <= m; i += 4) {
      for (let q = 0; q < 4; q++) store<f64>(coef + (<usize>q << 3), alpha * load<f64>(x + (<usize>(i + q) << 3)));
      axpy4(n, coef, a + <usize>i * rs, rs, y);
    }
    for (; i < m; i++) axpyUnit(n, alpha * load<f64>(x + (<usize>i << 3)), a + <usize>i * rs, y);
  }
}
