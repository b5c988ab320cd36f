// A differentiable QP layer (OptNet): learn the cost vector of an allocation problem from observed
// decisions. A planner splits a budget B over k activities by
//   x*(c; B) = argmin ½ρ‖x‖² + cᵀx   subject to   1ᵀx = B,   0 ≤ x ≤ cap,
// with an unknown cost vector c. From the decisions it took under several budgets we recover c by
// gradient descent on L(c) = Σ_t ½‖x*(c; B_t) − x_t‖², the gradient ∂L/∂c coming from
// solution.vjp(x* − x_t).c — one solve with the KKT matrix at each solution, no unrolling of the
// solver. (1ᵀx = B makes c identifiable only up to adding a constant: compare c − mean(c).)
// Run: npm run build && node examples/qp-layer.mjs
import { Matrix, solveQP } from 'implicit-diff';

const k = 6;
const rho = 0.5;
const cap = 3;
const trueCost = [1.0, 0.2, -0.5, 0.8, -1.2, 0.3];
const budgets = [2, 4, 6, 8, 10];

const Q = new Matrix(k, k);
for (let i = 0; i < k; i++) Q.set(i, i, rho);
const layer = (c, B) =>
  solveQP({ Q, c, A: [new Array(k).fill(1)], b: [B], lower: new Array(k).fill(0), upper: new Array(k).fill(cap) });

const observed = budgets.map((B) => layer(trueCost, B).x);

const c = new Float64Array(k); // start from "all costs equal"
const centred = (v) => {
  const m = v.reduce((s, t) => s + t, 0) / v.length;
  return Array.from(v, (t) => +(t - m).toFixed(3));
};
for (let step = 0; step <= 150; step++) {
  let loss = 0;
  const grad = new Float64Array(k);
  for (let t = 0; t < budgets.length; t++) {
    const solution = layer(c, budgets[t]);
    if (solution.status !== 'optimal') throw new Error(`status ${solution.status}`);
    const residual = solution.x.map((v, i) => v - observed[t][i]);
    loss += 0.5 * residual.reduce((s, r) => s + r * r, 0);
    const g = solution.vjp(residual).c;
    for (let i = 0; i < k; i++) grad[i] += g[i];
    solution.dispose();
  }
  if (step % 25 === 0)
    console.log(
      `step ${String(step).padStart(3)}  loss ${loss.toExponential(3)}  c − mean(c) ${JSON.stringify(centred(c))}`,
    );
  for (let i = 0; i < k; i++) c[i] -= 0.05 * grad[i];
}
console.log(`true costs − mean         ${JSON.stringify(centred(trueCost))}`);
// With the learned costs the layer reproduces a decision it never saw.
const unseen = 5;
console.log(
  'decision at B = 5, true   ',
  Array.from(layer(trueCost, unseen).x, (v) => +v.toFixed(3)),
);
console.log(
  'decision at B = 5, learned',
  Array.from(layer(c, unseen).x, (v) => +v.toFixed(3)),
);
