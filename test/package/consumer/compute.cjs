// The CommonJS consumer: require() of the ES module package (Node ≥ 20.19 and ≥ 22.12).
const { cholesky, hypergradient, implicitDerivative, implicitJacobian } = require('implicit-diff');

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
console.log(
  JSON.stringify({
    slope: implicitDerivative(2 * 0.6, 2 * 0.8),
    solution,
    jacobian: Array.from(implicitJacobian(dFdy, dFdx).data),
    hypergradient: Array.from(hypergradient(dFdy, dFdx, [1, 1])),
  }),
);
