// The hypergradient: y*(θ) = argmin_w g(θ, w), an outer loss L(w*), and
// dL/dθ = −(∂²g/∂w∂θᵀ)ᵀ (∂²g/∂w∂wᵀ)⁻¹ ∂L/∂w — here for ridge regression with one penalty per
// feature, g(θ, w) = ½‖X w − y‖² + ½ Σ_j exp(θ_j) w_j², and the validation loss
// L(w) = ½‖X_v w − y_v‖². One Cholesky of the Hessian XᵀX + diag(e^θ) gives the gradient with
// respect to every θ_j; a few steps of gradient descent on θ then tune the penalties.
// Run: npm run build && node examples/argmin.mjs
import { cholesky, hypergradient, implicitArgmin, Matrix, matmul, matvec } from 'implicit-diff';

// Synthetic data: 8 features, the last 4 pure noise.
let seed = 1;
const rand = () => {
  seed = (seed * 16807) % 2147483647;
  return (seed / 2147483647) * 2 - 1;
};
const p = 8;
const trueW = [1.5, -2, 1, 0.5, 0, 0, 0, 0];
const makeData = (n) => {
  const X = new Matrix(n, p);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) X.set(i, j, rand());
    y[i] = trueW.reduce((s, w, j) => s + w * X.get(i, j), 0) + 0.5 * rand();
  }
  return { X, y };
};
const train = makeData(30);
const valid = makeData(100);
const XtX = matmul(train.X.transpose(), train.X);
const Xty = matvec(train.X, train.y, true);

const hessian = (theta) => {
  const H = new Matrix(p, p, Float64Array.from(XtX.data));
  for (let j = 0; j < p; j++) H.data[j * p + j] += Math.exp(theta[j]);
  return H;
};
const ridge = implicitArgmin({
  // the inner solver: the normal equations, by Cholesky
  solve: (theta) => {
    const f = cholesky(hessian(theta));
    const w = f.solve(Xty);
    f.dispose();
    return w;
  },
  grad: (theta, w) => {
    const g = matvec(XtX, w);
    for (let j = 0; j < p; j++) g[j] += Math.exp(theta[j]) * w[j] - Xty[j];
    return g;
  },
  hessian: (theta) => hessian(theta),
  crossHessian: (theta, w) => {
    const C = new Matrix(p, p);
    for (let j = 0; j < p; j++) C.set(j, j, Math.exp(theta[j]) * w[j]);
    return C;
  },
});
const validationLoss = (w) => {
  const r = matvec(valid.X, w).map((v, i) => v - valid.y[i]);
  return [
    (0.5 * r.reduce((s, v) => s + v * v, 0)) / valid.y.length,
    matvec(valid.X, r, true).map((v) => v / valid.y.length),
  ];
};

let theta = new Float64Array(p); // all penalties 1
const first = ridge.valueAndGrad(theta, validationLoss);
console.log('validation loss at θ = 0:', first.value.toFixed(6));
console.log('hypergradient dL/dθ:     ', Array.from(first.grad, (v) => v.toExponential(3)).join(' '));

// Check: central differences of the re-solved problem.
const fd = Array.from({ length: p }, (_, j) => {
  const h = 1e-5;
  const tp = Float64Array.from(theta);
  const tm = Float64Array.from(theta);
  tp[j] += h;
  tm[j] -= h;
  return (validationLoss(ridge.solve(tp))[0] - validationLoss(ridge.solve(tm))[0]) / (2 * h);
});
console.log('finite differences:      ', fd.map((v) => v.toExponential(3)).join(' '));
console.log('report:', first.report);

// The formula alone gives the same numbers.
const direct = hypergradient(
  hessian(theta),
  new Matrix(
    p,
    p,
    Float64Array.from({ length: p * p }, (_, k) => (k % (p + 1) === 0 ? first.y[k / (p + 1)] : 0)),
  ),
  validationLoss(first.y)[1],
);
console.log(
  'hypergradient(H, C, ∂L/∂w) agrees:',
  Math.max(...direct.map((v, j) => Math.abs(v - first.grad[j]))) < 1e-14,
);

// Tune the penalties by gradient descent on θ (a few steps, fixed step size).
for (let step = 1; step <= 60; step++) {
  const { value, grad } = ridge.valueAndGrad(theta, validationLoss);
  theta = theta.map((t, j) => Math.max(-8, Math.min(8, t - 20 * grad[j])));
  if (step % 20 === 0) console.log(`step ${step}: validation loss ${value.toFixed(6)}`);
}
console.log('tuned penalties exp(θ):', Array.from(theta, (t) => Math.exp(t).toPrecision(3)).join(' '));
const geo = (ts) => Math.exp(ts.reduce((s, t) => s + t, 0) / ts.length).toPrecision(3);
console.log(
  `geometric mean penalty: signal features 0–3 ${geo(theta.slice(0, 4))}, noise features 4–7 ${geo(theta.slice(4))}`,
);
