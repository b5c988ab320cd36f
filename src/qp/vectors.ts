// The max norm of the interior-point method's termination tests (xᵀy is krylov/vector's dot).

export function normInf(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s = Math.max(s, Math.abs(a[i]));
  return s;
}
