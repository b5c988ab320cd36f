// A consumer of the installed package (copied into fresh projects by tarball.node.test.ts): the
// three boxed results on problems with closed forms, through the package's name only.
import { cholesky, hypergradient, implicitDerivative, implicitJacobian } from 'implicit-diff';

export interface Computed {
  /** dy/dx on the circle x² + y² = 1 at (0.6, 0.8): −x/y = −0.75. */
  slope: number;
  /** A⁻¹b for A = [[4, 2], [2, 3]], b = (1, 2): (−1/8, 3/4). */
  solution: number[];
  /** −(∂F/∂y)⁻¹ ∂F/∂x for ∂F/∂y = diag(2, 4), ∂F/∂x = (1, 2)ᵀ: (−1/2, −1/2)ᵀ. */
  jacobian: number[];
  /** −Cᵀ H⁻¹ g for H = diag(2, 4), C = (1, 2)ᵀ, g = (1, 1): −(1/2 + 2/4) = −1. */
  hypergradient: number[];
}

export function compute(): Computed {
  const chol = cholesky([
    [4, 2],
    [2, 3],
  ]);
  const solution = Array.from(chol.solve([1, 2]));
  chol.dispose();
  const dFdy = [
    [2, 0],
    [0, 4],
  ];
  const dFdx = [[1], [2]];
  return {
    slope: implicitDerivative(2 * 0.6, 2 * 0.8),
    solution,
    jacobian: Array.from(implicitJacobian(dFdy, dFdx).data),
    hypergradient: Array.from(hypergradient(dFdy, dFdx, [1, 1])),
  };
}
