/** A tuning objective's value and gradient, with the unshrunk loss it contains. */
export interface ShrunkValue {
  /** J(θ) = L(θ) + S(θ). */
  readonly value: number;
  /** ∇J(θ). */
  readonly grad: Float64Array;
  /** L(θ), the validation (or cross-validation) loss alone. */
  readonly loss: number;
}

/**
 * Adds to a loss L(θ) over m log-penalties a quadratic pull toward the single penalty's θ₀:
 *
 *   J(θ) = L(θ) + S(θ),   S(θ) = ρ · L₀ · Σₖ (θₖ − θ₀)² / (2m),   ∂S/∂θₖ = ρ · L₀ · (θₖ − θ₀) / m,
 *
 * with L₀ the loss at θ₀. Scaling by L₀ makes ρ free of the target's units, and dividing by m makes
 * it the relative cost of moving every penalty by one unit of log λ (a factor e), whatever m is: a
 * Gaussian prior on the log-penalties centred on the grid-searched one, which keeps a few dozen
 * held-out rows from steering many penalties on their noise. ρ = 0 leaves L unchanged.
 * @param f the loss and its gradient.
 * @param theta0 the centre θ₀ (log of the single grid-searched λ).
 * @param loss0 L₀ > 0.
 * @param rho ρ ≥ 0.
 */
export function shrinkToward(
  f: (theta: Float64Array) => { loss: number; grad: Float64Array },
  theta0: number,
  loss0: number,
  rho: number,
): (theta: Float64Array) => ShrunkValue {
  return (theta) => {
    const { loss, grad } = f(theta);
    const m = theta.length;
    const c = (rho * loss0) / m;
    let penalty = 0;
    const g = Float64Array.from(grad);
    for (let k = 0; k < m; k++) {
      const d = theta[k] - theta0;
      penalty += (c * d * d) / 2;
      g[k] += c * d;
    }
    return { value: loss + penalty, grad: g, loss };
  };
}
