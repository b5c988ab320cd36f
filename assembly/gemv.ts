// Matrix-vector product y = alpha·op(A)·x + beta·y for a row-major m×n A, as reference BLAS dgemv.
// Row-major storage makes both forms contiguous: op(A) = A is a dot product of each row with x,
// op(A) = Aᵀ is a sum of rows of A scaled by x (axpy along rows).
import { axpyUnit, dotUnit, scalUnit } from './blas1';

/** Sets y[0..n) to beta·y, treating beta = 0 as an overwrite (NaN in y does not propagate). */
export function scaleOrZero(n: i32, beta: f64, y: usize): void {
  if (beta == 1.0) return;
  if (beta == 0.0) memory.fill(y, 0, <usize>n << 3);
  else scalUnit(n, beta, y);
}

/** y = alpha·op(A)·x + beta·y; A m×n row-major (leading dimension lda), op = Aᵀ when trans = 1. */
export function gemv(trans: i32, m: i32, n: i32, alpha: f64, a: usize, lda: i32, x: usize, beta: f64, y: usize): void {
  const rs = <usize>lda << 3;
  if (trans == 0) {
    if (m <= 0) return;
    for (let i = 0; i < m; i++) {
      const yi = y + (<usize>i << 3);
      const t = n > 0 && alpha != 0.0 ? alpha * dotUnit(n, a + <usize>i * rs, x) : 0.0;
      store<f64>(yi, beta == 0.0 ? t : t + beta * load<f64>(yi));
    }
  } else {
    if (n <= 0) return;
    scaleOrZero(n, beta, y);
    if (alpha == 0.0) return;
    for (let i = 0; i < m; i++) {
      const xi = alpha * load<f64>(x + (<usize>i << 3));
      if (xi != 0.0) axpyUnit(n, xi, a + <usize>i * rs, y);
    }
  }
}
