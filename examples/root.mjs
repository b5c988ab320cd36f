// The vector implicit function theorem: y*(x) solves F(x, y) = 0 and dy*/dx = −(∂F/∂y)⁻¹ ∂F/∂x.
// Here F is the steady state of a small chemical-reaction-like system with a nonsymmetric
// Jacobian, solved by Newton's method; the derivatives are checked against finite differences of
// the re-solved system.
// Run: npm run build && node examples/root.mjs
import { implicitFixedPoint, implicitJacobian, implicitRoot, Matrix, solve } from 'implicit-diff';

// F(x, y) = A y + 0.1 y³ − B x − c, elementwise cube; ny = 3, nx = 2.
const A = Matrix.from([
  [4, 1, 0],
  [-1, 3, 1],
  [0, -2, 5],
]);
const B = Matrix.from([
  [1, 0],
  [0, 2],
  [1, 1],
]);
const c = [1, 0, -1];

const F = (x, y) =>
  [0, 1, 2].map((i) => {
    let s = 0.1 * y[i] ** 3 - c[i];
    for (let j = 0; j < 3; j++) s += A.get(i, j) * y[j];
    for (let j = 0; j < 2; j++) s -= B.get(i, j) * x[j];
    return s;
  });
const dFdy = (_x, y) => {
  const J = Matrix.from(A.toArray());
  for (let i = 0; i < 3; i++) J.set(i, i, J.get(i, i) + 0.3 * y[i] ** 2);
  return J;
};
const dFdx = () => Matrix.from(B.toArray().map((row) => row.map((v) => -v)));
const newton = (x) => {
  let y = new Float64Array(3);
  for (let k = 0; k < 50; k++) {
    const step = solve(dFdy(x, y), F(x, y));
    y = y.map((v, i) => v - step[i]);
  }
  return y;
};

const steady = implicitRoot({ solve: newton, F, dFdy, dFdx });
const x = [0.5, -1];
const { y, jacobian, report } = steady.jacobian(x);
console.log('y*(x) =', Array.from(y, (v) => v.toFixed(6)).join(', '));
console.log('dy*/dx (implicitRoot, exact derivatives):');
for (const row of jacobian.toArray()) console.log('   ', row.map((v) => v.toFixed(10)).join('  '));

// Check against central differences of the re-solved problem.
const h = 1e-6;
console.log('dy*/dx by finite differences of the re-solved system:');
const fd = [0, 1, 2].map((i) =>
  [0, 1].map((j) => {
    const xp = [...x];
    const xm = [...x];
    xp[j] += h;
    xm[j] -= h;
    return (newton(xp)[i] - newton(xm)[i]) / (2 * h);
  }),
);
for (const row of fd) console.log('   ', row.map((v) => v.toFixed(10)).join('  '));
console.log('report:', report);

// Forward and reverse mode: one solve each, and ⟨w, J u⟩ = ⟨Jᵀ w, u⟩.
const u = [1, 2];
const w = [0.5, -1, 2];
const { tangent } = steady.jvp(x, u);
const { cotangent } = steady.vjp(x, w);
const lhs = w.reduce((s, wi, i) => s + wi * tangent[i], 0);
const rhs = u.reduce((s, ui, j) => s + ui * cotangent[j], 0);
console.log(`⟨w, J u⟩ = ${lhs}, ⟨Jᵀ w, u⟩ = ${rhs}`);

// The formula alone, from the two derivative matrices at the solution.
const J2 = implicitJacobian(dFdy(x, y), dFdx(x, y));
console.log(
  'implicitJacobian(dFdy, dFdx) agrees:',
  Math.max(...J2.data.map((v, k) => Math.abs(v - jacobian.data[k]))) < 1e-14,
);

// A fixed point y = T(x, y) of a contraction, without any derivative: finite differences.
const T = (x, y) => [0.5 * Math.cos(y[1]) + x[0], 0.5 * Math.sin(y[0]) * x[1]];
const iterate = (x) => {
  let y = [0, 0];
  for (let k = 0; k < 200; k++) y = T(x, y);
  return y;
};
const fp = implicitFixedPoint({ solve: iterate, T }).jacobian([0.2, 0.7]);
console.log('\nfixed point y = T(x, y): y* =', Array.from(fp.y), '\ndy*/dx =', fp.jacobian.toArray());
console.log('report:', fp.report);
