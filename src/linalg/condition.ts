// Deciding whether rcond reaches a threshold with as little work as proves it. The comparison
// bound (assembly/rcond-bound.ts) is a lower bound on the true rcond = 1 / (‖A‖₁‖A⁻¹‖₁), and the
// Hager–Higham estimate (pocon, gecon, sycon) an upper one, since it estimates ‖A⁻¹‖₁ from below:
//     bound ≤ rcond ≤ estimate   (each up to a relative rounding error of order n·ε).
// So a bound at least twice the threshold — the factor 2 covering both rounding errors — proves
// that the estimate is above the threshold too, and the decision is the one the estimate would give;
// below that, the estimate decides.

/** The factor by which the lower bound must exceed the threshold to decide without the estimate. */
export const BOUND_MARGIN = 2;

/**
 * Whether the condition estimate `estimate()` is at least `threshold`, calling it only when the
 * lower bound `lowerBound` (see above) does not already prove it.
 */
export function rcondAtLeast(threshold: number, lowerBound: number, estimate: () => number): boolean {
  return lowerBound >= BOUND_MARGIN * threshold || estimate() >= threshold;
}
