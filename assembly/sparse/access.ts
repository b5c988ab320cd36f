// Element access to i32 and f64 arrays in linear memory by (base pointer, index): the sparse
// kernels index many integer arrays at once, and these keep their loops readable. Indices are
// non-negative by construction at every call site.

// @ts-ignore: decorator
@inline
export function ld(p: usize, i: i32): i32 {
  return load<i32>(p + (<usize>i << 2));
}

// @ts-ignore: decorator
@inline
export function st(p: usize, i: i32, v: i32): void {
  store<i32>(p + (<usize>i << 2), v);
}

// @ts-ignore: decorator
@inline
export function ldf(p: usize, i: i32): f64 {
  return load<f64>(p + (<usize>i << 3));
}

// @ts-ignore: decorator
@inline
export function stf(p: usize, i: i32, v: f64): void {
  store<f64>(p + (<usize>i << 3), v);
}

/** Address of element i of an f64 array. */
// @ts-ignore: decorator
@inline
export function atf(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** Address of element i of an i32 array. */
// @ts-ignore: decorator
@inline
export function ati(p: usize, i: i32): usize {
  return p + (<usize>i << 2);
}

/** The marker encoding of the quotient graph: flip(i) = −i − 2 maps indices ≥ 0 to values ≤ −2 and back. */
// @ts-ignore: decorator
@inline
export function flip(i: i32): i32 {
  return -i - 2;
}
