// The scalar implicit function theorem on the circle x² + y² = 1: along the upper half, y(x) is
// defined implicitly by f(x, y) = x² + y² − 1 = 0, and dy/dx = −(∂f/∂x)/(∂f/∂y) = −x/y.
// Run: npm run build && node examples/scalar.mjs
import { implicitDerivative, implicitRoot } from 'implicit-diff';

console.log('dy/dx on the circle x² + y² = 1 (upper half)');
console.log('    x        y        implicitDerivative    −x/y (closed form)');
for (const x of [-0.9, -0.5, 0, 0.3, 0.8]) {
  const y = Math.sqrt(1 - x * x);
  const slope = implicitDerivative(2 * x, 2 * y);
  console.log(
    `${x.toFixed(2).padStart(6)}  ${y.toFixed(5)}  ${slope.toFixed(12).padStart(18)}  ${(-x / y).toFixed(12).padStart(18)}`,
  );
}

// The same through implicitRoot, wrapping a solver (Newton's method on y ↦ f(x, y)); no derivative
// is given, so it is taken by central finite differences and the report says so.
const circle = implicitRoot({
  solve: ([x]) => {
    let y = 1;
    for (let k = 0; k < 60; k++) y -= (x * x + y * y - 1) / (2 * y);
    return [y];
  },
  F: ([x], [y]) => [x * x + y * y - 1],
});
const { y, jacobian, report } = circle.jacobian([0.6]);
console.log(`\nimplicitRoot at x = 0.6: y = ${y[0]}, dy/dx = ${jacobian.get(0, 0)} (exact −0.75)`);
console.log('report:', report);

// Where ∂f/∂y = 0 (the points (±1, 0)) y is not a function of x: a clear error, not a NaN.
try {
  implicitDerivative(2, 0);
} catch (e) {
  console.log(`\nat (1, 0): ${e.name}: ${e.message}`);
}
