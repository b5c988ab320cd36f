// Multiply–add on f64x2 for every SIMD loop. With relaxed SIMD enabled at compile time
// (`--enable relaxed-simd`, a separate build for engines that support it, selected at load time
// with WebAssembly.validate) these are f64x2.relaxed_madd / relaxed_nmadd — fused where the
// hardware has FMA; otherwise a multiply and an add. The branch is resolved by the compiler.

/** a·b + c. */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_madd(a, b, c);
  return f64x2.add(c, f64x2.mul(a, b));
}

/** c − a·b. */
// @ts-ignore: decorator
@inline
export function nmadd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f64x2.relaxed_nmadd(a, b, c);
  return f64x2.sub(c, f64x2.mul(a, b));
}
