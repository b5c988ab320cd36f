// The first half of LAPACK's expert drivers dposvx / dsysvx / dgesvx in one call: keep an untouched
// copy of A (for the checked solve's residual, assembly/checked.ts), equilibrate where LAPACK's
// rule asks (assembly/equilibrate.ts: power-of-two scalings, a well-scaled matrix left as it is),
// take ‖Â‖₁ of the matrix that is factored (for the condition estimate), and factor it: potrf,
// getrf or sytrf by kind. For small matrices one call instead of five keeps the boundary crossings
// from costing more than the arithmetic.
import { geequb, laqge, laqsy, syequb } from './equilibrate';
import { firstNonFinite } from './finite';
import { getrf } from './getrf';
import { norm1, norm1SymLower } from './norms';
import { potrf } from './potrf';
import { sytrf } from './sytrf';

// @ts-ignore: decorator
@inline const CHOLESKY: i32 = 0;
// @ts-ignore: decorator
@inline const LU: i32 = 1;

/** Returned when A (a general one, whose entries src/ has not checked) holds NaN or ±Infinity. */
// @ts-ignore: decorator
@inline const NOT_FINITE: i32 = -1;

/**
 * Factors the n×n row-major A at a (leading dimension n) in place by kind (0 potrf, 1 getrf, 2
 * sytrf; e, ipiv and work as those take them), after copying it to `copy` (0: no copy) and, when
 * `equilibrate` is 1, equilibrating it: s1 receives r (or s), s2 c (LU only; n doubles each).
 * out: 3 doubles, [0] ‖Â‖₁ of the factored matrix (of the symmetric matrix of its lower triangle
 * for kinds 0 and 2), [1] 1 when a scaling was applied (s1, s2 then hold it), else 0, [2] ‖A‖₁ of
 * the matrix as given (LU only). Returns the factorization's info (> 0: the first zero pivot or
 * non-positive minor, 1-based), or −1 for LU when an entry is NaN or ±Infinity (nothing factored;
 * for the symmetric kinds the caller has checked the entries). work: 3 doubles for the
 * equilibration's figures, then sytrf's workspace (kind 2).
 */
export function factorDense(
  kind: i32,
  n: i32,
  a: usize,
  copy: usize,
  e: usize,
  ipiv: usize,
  s1: usize,
  s2: usize,
  equilibrate: i32,
  work: usize,
  out: usize,
): i32 {
  const lda = max(1, n);
  store<f64>(out, 0.0);
  store<f64>(out + 8, 0.0);
  store<f64>(out + 16, 0.0);
  if (n <= 0) return 0;
  if (kind == LU) {
    // ‖A‖₁ is finite when every entry is (or its sum overflowed): one pass serves as the check.
    const given = norm1(n, n, a, lda);
    if (!(given < Infinity) && firstNonFinite(a, n * n) >= 0) return NOT_FINITE;
    store<f64>(out + 16, given);
  }
  if (copy != 0) memory.copy(copy, a, (<usize>n * <usize>n) << 3);
  let scaled = false;
  if (equilibrate != 0) {
    if (kind == LU) {
      if (geequb(n, n, a, lda, s1, s2, work) == 0)
        scaled = laqge(n, n, a, lda, s1, s2, load<f64>(work), load<f64>(work + 8), load<f64>(work + 16)) != 0;
    } else if (syequb(n, a, lda, s1, work) == 0) {
      scaled = laqsy(n, a, lda, s1, load<f64>(work), load<f64>(work + 8)) != 0;
    }
  }
  store<f64>(out + 8, scaled ? 1.0 : 0.0);
  if (kind == LU) {
    store<f64>(out, scaled ? norm1(n, n, a, lda) : load<f64>(out + 16));
    return getrf(n, n, a, lda, ipiv);
  }
  store<f64>(out, norm1SymLower(n, a, lda));
  return kind == CHOLESKY ? potrf(n, a, lda) : sytrf(n, a, lda, e, ipiv, work + 24);
}
