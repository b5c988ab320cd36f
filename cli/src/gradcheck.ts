/** The hypergradient compared with finite differences of the re-solved problem. */
export interface GradientCheck {
  /** max over checked k of |gₖ − dₖ| / max(|gₖ|, |dₖ|, 1e-6·‖d‖∞) (0 when both are 0). */
  readonly maxRelError: number;
  /** Coordinates checked (all when there are at most `limit`). */
  readonly checked: number;
  readonly hypergradient: Float64Array;
  readonly finiteDifference: Float64Array;
}

/**
 * Checks the hypergradient dL/dθ at θ (from `lossAndGradient`) against finite differences of
 * L(w*(θ)) (from `loss`, which must re-solve the inner problem at every call). Each coordinate
 * uses central differences D(h) = (L(θ + h eₖ) − L(θ − h eₖ)) / (2h), whose error expands in even
 * powers of h, extrapolated twice (Richardson): R₁(h) = (4D(h/2) − D(h))/3, then
 * (16R₁(h/2) − R₁(h))/15, with truncation error O(h⁶). That allows a step as large as h = 0.2 in
 * log-penalty, which keeps the rounding error, about ε_L/h with ε_L the error of a computed loss
 * (dominated by the inner solve when H is ill-conditioned), small too. With more than `limit`
 * hyperparameters an evenly spaced subset of `limit` coordinates is checked (six solves each).
 */
export function checkHypergradient(
  lossAndGradient: (theta: Float64Array) => { loss: number; grad: Float64Array },
  loss: (theta: Float64Array) => number,
  theta: Float64Array,
  limit = 200,
  h = 0.2,
): GradientCheck {
  const m = theta.length;
  const { grad } = lossAndGradient(theta);
  const indices =
    m <= limit
      ? Array.from({ length: m }, (_, k) => k)
      : Array.from({ length: limit }, (_, i) => Math.floor((i * m) / limit));
  const fd = new Float64Array(m);
  const central = (k: number, step: number) => {
    const plus = Float64Array.from(theta);
    const minus = Float64Array.from(theta);
    plus[k] += step;
    minus[k] -= step;
    return (loss(plus) - loss(minus)) / (2 * step);
  };
  for (const k of indices) {
    const [d1, d2, d4] = [central(k, h), central(k, h / 2), central(k, h / 4)];
    const r1 = (4 * d2 - d1) / 3;
    const r2 = (4 * d4 - d2) / 3;
    fd[k] = (16 * r2 - r1) / 15;
  }
  let scale = 0;
  for (const k of indices) scale = Math.max(scale, Math.abs(fd[k]));
  let maxRelError = 0;
  for (const k of indices) {
    const denominator = Math.max(Math.abs(grad[k]), Math.abs(fd[k]), 1e-6 * scale);
    if (denominator > 0) maxRelError = Math.max(maxRelError, Math.abs(grad[k] - fd[k]) / denominator);
  }
  return { maxRelError, checked: indices.length, hypergradient: grad, finiteDifference: fd };
}
