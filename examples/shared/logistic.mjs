// The classification problem that logistic-jax.mjs and logistic-hand.mjs both tune penalties on,
// and what both check their hypergradient with: the seeded data, the validation loss in plain
// JavaScript, central differences of the re-solved problem. Imported by the two examples; it runs
// nothing itself.

// The data: a seeded classification problem with 6 features (the last 3 pure noise), a training
// set for the inner problem and a validation set for the outer loss.
let seed = 7;
const rand = () => {
  seed = (seed * 16807) % 2147483647;
  return (seed / 2147483647) * 2 - 1;
};

export const p = 6;
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

export const train = makeData(40);
export const valid = makeData(200);

/**
 * The validation loss L(w) = (1/n) Σ softplus(−b_k x_kᵀw) and its gradient, in plain JavaScript.
 * softplus(t) = log(1 + e^t), written stably.
 */
export function validationLoss(w) {
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
export function finiteDifferences(solve, theta, h = 1e-5) {
  return Array.from(theta, (_, j) => {
    const tp = Float64Array.from(theta);
    const tm = Float64Array.from(theta);
    tp[j] += h;
    tm[j] -= h;
    return (validationLoss(solve(tp))[0] - validationLoss(solve(tm))[0]) / (2 * h);
  });
}

/** Relative max-norm difference of a against b. */
export function relativeDifference(a, b) {
  let d = 0;
  let s = 0;
  for (let i = 0; i < b.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}
