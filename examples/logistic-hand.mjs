// The penalty tuning of logistic-jax.mjs with every derivative written by hand — the gradient,
// Hessian and cross Hessian of g(θ, w) = (1/n) Σ softplus(−b_k x_kᵀw) + ½ Σ_j e^{θ_j} w_j² —
// and `checkDerivatives` to compare them with central differences before trusting them: first a
// cross Hessian with its sign flipped (the mistake that gives dw/dθ with the wrong sign), which
// the check reports, then the correct one. The hypergradient is checked against central
// differences of the re-solved problem.
// Run: npm run build && node examples/logistic-hand.mjs
import { checkDerivatives, DerivativeCheckError, implicitArgmin, Matrix, solve } from 'implicit-diff';
import { finiteDifferences, p, relativeDifference, train, validationLoss } from './shared/logistic.mjs';

const { X, labels, n } = train;
const sigmoid = (t) => 1 / (1 + Math.exp(-t));
const margins = (w) =>
  Float64Array.from(labels, (bk, k) => {
    let z = 0;
    for (let j = 0; j < p; j++) z += X[k * p + j] * w[j];
    return bk * z;
  });

const g = (theta, w) => {
  let s = 0;
  for (const z of margins(w)) s += Math.max(-z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
  return s / n + 0.5 * theta.reduce((acc, t, j) => acc + Math.exp(t) * w[j] * w[j], 0);
};
const grad = (theta, w) => {
  const z = margins(w);
  const out = Float64Array.from(theta, (t, j) => Math.exp(t) * w[j]);
  for (let k = 0; k < n; k++) {
    const c = (-labels[k] * sigmoid(-z[k])) / n;
    for (let j = 0; j < p; j++) out[j] += c * X[k * p + j];
  }
  return out;
};
const hessian = (theta, w) => {
  const z = margins(w);
  const H = new Matrix(p, p);
  for (let k = 0; k < n; k++) {
    const s = sigmoid(z[k]);
    const c = (s * (1 - s)) / n;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) H.data[i * p + j] += c * X[k * p + i] * X[k * p + j];
  }
  for (let j = 0; j < p; j++) H.data[j * p + j] += Math.exp(theta[j]);
  return H;
};
// ∂²g/∂w∂θᵀ = diag(e^θ ∘ w); `sign` −1 is the mistake.
const crossHessian = (sign) => (theta, w) => {
  const C = new Matrix(p, p);
  for (let j = 0; j < p; j++) C.set(j, j, sign * Math.exp(theta[j]) * w[j]);
  return C;
};
const newton = (theta) => {
  let w = new Float64Array(p);
  for (let it = 0; it < 30; it++) {
    const gr = grad(theta, w);
    if (Math.max(...gr.map(Math.abs)) < 1e-12) break;
    const step = solve(hessian(theta, w), gr);
    w = w.map((wi, i) => wi - step[i]);
  }
  return w;
};

const theta0 = new Float64Array(p);
const spec = { solve: newton, grad, hessian, g, crossHessian: crossHessian(-1) };
const wrong = checkDerivatives(spec, theta0);
console.log('checkDerivatives with the flipped cross Hessian: ok =', wrong.ok);
for (const e of wrong.entries)
  console.log(`  ${e.name}: relative error ${e.relError.toExponential(2)} (tolerance ${e.tolerance.toExponential(1)})`);
try {
  implicitArgmin({ ...spec, checkDerivatives: true }).valueAndGrad(theta0, validationLoss);
} catch (error) {
  if (!(error instanceof DerivativeCheckError)) throw error;
  console.log(`checkDerivatives: true throws ${error.name} naming ${error.derivative}`);
}

const logistic = implicitArgmin({ ...spec, crossHessian: crossHessian(1), checkDerivatives: true });
let theta = theta0;
const first = logistic.valueAndGrad(theta, validationLoss);
const fd = finiteDifferences(newton, theta);
console.log('hypergradient (by hand): ', Array.from(first.grad, (v) => v.toExponential(4)).join(' '));
console.log('finite differences:      ', fd.map((v) => v.toExponential(4)).join(' '));
console.log('relative difference:', relativeDifference(first.grad, fd).toExponential(1));

for (let step = 1; step <= 30; step++) {
  const { value, grad: dL } = logistic.valueAndGrad(theta, validationLoss);
  theta = theta.map((t, j) => Math.max(-6, Math.min(6, t - 40 * dL[j])));
  if (step % 10 === 0) console.log(`step ${step}: validation loss ${value.toFixed(6)}`);
}
console.log('tuned penalties e^θ:', Array.from(theta, (t) => Math.exp(t).toPrecision(3)).join(' '));
