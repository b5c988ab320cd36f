// Penalty tuning for logistic regression with the inner objective written once, in jax-js, and
// every derivative taken from it: the inner problem
//   w*(θ) = argmin_w g(θ, w),  g(θ, w) = (1/n) Σ softplus(−b_k x_kᵀw) + ½ Σ_j e^{θ_j} w_j²,
// solved by Newton's method on the gradient and Hessian-vector products that jaxArgmin derives
// from g, and the hypergradient of the validation loss by CG on Hessian-vector products. It is
// checked against central differences of the re-solved problem, then a few steps of gradient
// descent tune the 6 penalties. Compare logistic-hand.mjs, the same with hand-written derivatives
// (the data below are the same in both).
// Run: npm run build && node examples/logistic-jax.mjs   (needs the optional peer @jax-js/jax)
import * as jax from '@jax-js/jax';
import { cg } from 'implicit-diff';
import { array, jaxArgmin } from 'implicit-diff/jax';

// The data: a seeded classification problem with 6 features (the last 3 pure noise), a training
// set for the inner problem and a validation set for the outer loss.
let seed = 7;
const rand = () => {
  seed = (seed * 16807) % 2147483647;
  return (seed / 2147483647) * 2 - 1;
};

const p = 6;
const trueW = [2, -1.5, 1, 0, 0, 0];

/** n rows of features (row-major Float64Array) and labels ±1. */
function makeData(n) {
  const X = new Float64Array(n * p);
  const labels = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let z = 0;
    for (let j = 0; j < p; j++) {
      X[i * p + j] = rand();
      z += trueW[j] * X[i * p + j];
    }
    labels[i] = z + 0.8 * rand() > 0 ? 1 : -1;
  }
  return { X, labels, n };
}

const train = makeData(40);
const valid = makeData(200);

/**
 * The validation loss L(w) = (1/n) Σ softplus(−b_k x_kᵀw) and its gradient, in plain JavaScript.
 * softplus(t) = log(1 + e^t), written stably.
 */
function validationLoss(w) {
  const { X, labels, n } = valid;
  let value = 0;
  const grad = new Float64Array(p);
  for (let k = 0; k < n; k++) {
    let z = 0;
    for (let j = 0; j < p; j++) z += X[k * p + j] * w[j];
    const t = -labels[k] * z;
    value += Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
    const s = 1 / (1 + Math.exp(-t)); // d softplus(t)/dt
    for (let j = 0; j < p; j++) grad[j] -= (s * labels[k] * X[k * p + j]) / n;
  }
  return [value / n, grad];
}

/** Central differences of θ ↦ L(y*(θ)), re-solving the inner problem with `solve`. */
function finiteDifferences(solve, theta, h = 1e-5) {
  return Array.from(theta, (_, j) => {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[j] += h;
    tm[j] -= h;
    return (validationLoss(solve(tp))[0] - validationLoss(solve(tm))[0]) / (2 * h);
  });
}

/** Relative max-norm difference of a against b. */
function relativeDifference(a, b) {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

const np = jax.numpy;
const X = array(train.X, [train.n, p]);
const b = array(train.labels);

// g(θ, w), in jax-js's style: every reuse of an array takes `.ref`.
const g = (theta, w) =>
  np
    .sum(jax.nn.softplus(np.multiply(b.ref, np.matmul(X.ref, w.ref)).mul(-1)))
    .div(train.n)
    .add(np.sum(np.exp(theta).mul(w.ref).mul(w)).mul(0.5));

const logistic = jaxArgmin({
  g,
  // Newton's method, each step solved by CG on the Hessian-vector products derived from g.
  solve: (_theta, objective) => {
    let w = new Float64Array(p);
    for (let it = 0; it < 30; it++) {
      const grad = objective.grad(w);
      if (Math.max(...grad.map(Math.abs)) < 1e-12) break;
      const step = cg({ rows: p, cols: p, matvec: (v) => objective.hvp(w, v) }, grad, { tol: 1e-14 }).x;
      w = w.map((wi, i) => wi - step[i]);
    }
    return w;
  },
});

let theta = new Float64Array(p); // every penalty e^0 = 1
const first = logistic.valueAndGrad(theta, validationLoss);
const fd = finiteDifferences((t) => logistic.solve(t), theta);
console.log('validation loss at θ = 0:', first.value.toFixed(6));
console.log('hypergradient (jax-js):  ', Array.from(first.grad, (v) => v.toExponential(4)).join(' '));
console.log('finite differences:      ', fd.map((v) => v.toExponential(4)).join(' '));
console.log('relative difference:', relativeDifference(first.grad, fd).toExponential(1));
console.log('report:', first.report);

for (let step = 1; step <= 30; step++) {
  const { value, grad } = logistic.valueAndGrad(theta, validationLoss);
  theta = theta.map((t, j) => Math.max(-6, Math.min(6, t - 40 * grad[j])));
  if (step % 10 === 0) console.log(`step ${step}: validation loss ${value.toFixed(6)}`);
}
console.log('tuned penalties e^θ:', Array.from(theta, (t) => Math.exp(t).toPrecision(3)).join(' '));
logistic.dispose();
X.dispose();
b.dispose();
