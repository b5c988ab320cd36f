// Penalty tuning for logistic regression with the inner objective written once, in jax-js, and
// every derivative taken from it: the inner problem
//   w*(θ) = argmin_w g(θ, w),  g(θ, w) = (1/n) Σ softplus(−b_k x_kᵀw) + ½ Σ_j e^{θ_j} w_j²,
// solved by Newton's method on the gradient and Hessian-vector products that jaxArgmin derives
// from g, and the hypergradient of the validation loss by CG on Hessian-vector products. It is
// checked against central differences of the re-solved problem, then a few steps of gradient
// descent tune the 6 penalties. Compare logistic-hand.mjs, the same with hand-written derivatives
// (both take their data from shared/logistic.mjs).
// Run: npm run build && node examples/logistic-jax.mjs   (needs the optional peer @jax-js/jax)
import * as jax from '@jax-js/jax';
import { cg } from 'implicit-diff';
import { array, jaxArgmin } from 'implicit-diff/jax';
import { finiteDifferences, p, relativeDifference, train, validationLoss } from './shared/logistic.mjs';

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
