// Does the jax adapter leak jax-js arrays? jax-js arrays are reference counted: an array that is
// never disposed keeps its buffer (a JavaScript Uint8Array on the cpu device, a block of the
// module's memory on wasm) for ever. This runs many `valueAndGrad` and `jacobian` calls of a
// small ridge problem through `jaxArgmin` on each device and prints the retained memory (after a
// full garbage collection) as the calls go, and its growth per call between the first checkpoint
// and the last; a control loop that forgets one array per call shows what a leak looks like.
//
//   npm run build && node --expose-gc bench/jax-memory.mjs [--calls 10000] [--ny 4]
//
// Prints, per device: retained MB at each checkpoint, bytes per call, and `ok` when the growth is
// below 50 bytes per call. One leaked jax-js array of 4 doubles retains about 300 bytes (the
// control line); what remains below that is V8 settling (inline caches, feedback), which falls as
// the calls go. jax-js's own eager `grad` retains about 9 KB per call in its compile cache, which
// the adapter avoids by running compiled programs (see src/jax/products.ts).
//
// `jacobian` runs a quarter as many calls (its cost is ny products per call). The growth per call is
// the least-squares slope over the checkpoints after the first.

import * as jax from '@jax-js/jax';
import { Matrix, solve } from '../dist/index.js';
import { array, jaxArgmin, jaxLoss } from '../dist/jax/index.js';
import { fill } from './random.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const CALLS = option('calls', 10_000);
const NY = option('ny', 4);
const M = 2 * NY;

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(1);
}

const np = jax.numpy;
const Ad = fill(new Float64Array(M * NY), 1);
const bd = fill(new Float64Array(M), 2);

/** y*(x) of g = ½‖Ay − b‖² + ½ Σ p_i y_i², p = penalty(x), by the normal equations. */
function ridge(x, penalty) {
  const H = new Matrix(NY, NY);
  const rhs = new Float64Array(NY);
  for (let i = 0; i < NY; i++) {
    for (let j = 0; j < NY; j++) {
      let s = 0;
      for (let k = 0; k < M; k++) s += Ad[k * NY + i] * Ad[k * NY + j];
      H.set(i, j, s + (i === j ? penalty(x[i]) : 0));
    }
    let s = 0;
    for (let k = 0; k < M; k++) s += Ad[k * NY + i] * bd[k];
    rhs[i] = s;
  }
  return solve(H, rhs);
}

function retained() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function measure(label, oneCall, calls = CALLS) {
  const checkpoints = [];
  const every = Math.max(1, Math.floor(calls / 10));
  for (let i = 1; i <= calls; i++) {
    oneCall(i);
    if (i % every === 0) checkpoints.push([i, retained()]);
  }
  // The least-squares slope of retained memory against the call count, over the checkpoints
  // after the first (V8 settles during the first tenth).
  const pts = checkpoints.slice(1);
  const mi = pts.reduce((s, [i]) => s + i, 0) / pts.length;
  const mm = pts.reduce((s, [, m]) => s + m, 0) / pts.length;
  let sxy = 0;
  let sxx = 0;
  for (const [i, m] of pts) {
    sxy += (i - mi) * (m - mm);
    sxx += (i - mi) ** 2;
  }
  const perCall = sxy / sxx;
  const mb = checkpoints.map(([, m]) => (m / 2 ** 20).toFixed(2)).join(' ');
  console.log(`${label.padEnd(34)} MB: ${mb}  → ${perCall.toFixed(1)} B/call ${perCall < 50 ? 'ok' : 'GROWS'}`);
}

const A = array(Ad, [M, NY]);
const b = array(bd);
const residual = (y) => np.matmul(A.ref, y).sub(b.ref);
const half = (r) => np.sum(r.ref.mul(r)).mul(0.5);
const problems = {
  // exp(x): the adapter picks the cpu device.
  cpu: { g: (x, y) => half(residual(y.ref)).add(half(np.exp(x.mul(0.5)).mul(y))), penalty: Math.exp },
  // polynomial in x and y: the wasm device, jit-compiled products.
  wasm: { g: (x, y) => half(residual(y.ref)).add(np.sum(x.mul(y.ref).mul(y)).mul(0.5)), penalty: (p) => p },
};
const loss = jaxLoss((y) => np.sum(y.ref.mul(y)).mul(0.5));
const x = new Float64Array(NY);

console.log(
  `jax-js, ${CALLS} calls of valueAndGrad (${Math.ceil(CALLS / 4)} of jacobian), ny = ${NY}, Node ${process.versions.node}`,
);
for (const [device, { g, penalty }] of Object.entries(problems)) {
  const f = jaxArgmin({ solve: (xx) => ridge(xx, penalty), g });
  measure(`${device}: valueAndGrad`, (i) => {
    x.fill(0.5 + (i % 7) * 0.1);
    const r = f.valueAndGrad(x, loss);
    if (r.report.device !== device) throw new Error(`expected device ${device}, got ${r.report.device}`);
  });
  measure(
    `${device}: jacobian`,
    (i) => {
      x.fill(0.5 + (i % 7) * 0.1);
      f.jacobian(x);
    },
    Math.ceil(CALLS / 4),
  );
  f.dispose();
}
console.log(`globalThis.Float16Array after the adapter's calls: ${typeof globalThis.Float16Array}`);
globalThis.Float16Array ??= class Float16Array {}; // for the control's own np.array on Node 20
for (const device of ['cpu', 'wasm']) {
  measure(`control (${device}): one array forgotten per call`, () => {
    // The JavaScript object is dropped; its buffer stays, its reference count never reaching 0.
    np.array(fill(new Float64Array(NY), 3), { dtype: 'float64', device }).mul(2);
  });
}
