// Static pivoting of a quasi-definite LDLᵀ (Vanderbei, "Symmetric quasidefinite matrices", SIAM
// J. Optim. 5, 1995: every symmetric permutation of a quasi-definite matrix has an LDLᵀ without
// pivoting, D having as many positive entries as H has rows): each pivot d is checked as it is
// formed against its expected sign (+1, −1, or 0 for "any nonzero"), and with delta > 0 a pivot
// whose signed value falls below eps is replaced by sign·delta, the static regularization of
// OSQP/QDLDL-based interior-point solvers (Gill, Saunders & Shinnerl, SIAM J. Matrix Anal. Appl.
// 17, 1996). The outcome of the factorization is recorded in a status block of 4 i32:
// [0] failure kind (0 none, 1 zero or non-finite pivot, 2 pivot of the wrong sign),
// [1] the 0-based column of the failure, [2] the number of regularized pivots.

// @ts-ignore: decorator
@inline
export const PIVOT_ZERO: i32 = 1;
// @ts-ignore: decorator
@inline
export const PIVOT_SIGN: i32 = 2;

/**
 * The accepted value of pivot d of column `col` with expected sign `sign`, or NaN (with the
 * failure written to status) when it is refused.
 */
export function checkPivot(d: f64, sign: i32, eps: f64, delta: f64, col: i32, status: usize): f64 {
  if (!isFinite(d)) return fail(PIVOT_ZERO, col, status);
  if (sign != 0 && delta > 0.0 && <f64>sign * d < eps) {
    store<i32>(status, load<i32>(status, 8) + 1, 8);
    return <f64>sign * delta;
  }
  if (d == 0.0) return fail(PIVOT_ZERO, col, status);
  if (sign != 0 && <f64>sign * d < 0.0) return fail(PIVOT_SIGN, col, status);
  return d;
}

function fail(kind: i32, col: i32, status: usize): f64 {
  store<i32>(status, kind);
  store<i32>(status, col, 4);
  return NaN;
}
