// Throughput of the robust-solve kernels (build/core.wasm, one core), interleaved with Cholesky in
// the same process: LDLᵀ (sytrf, Bunch–Kaufman) against Cholesky (potrf) — flops n³/3 for both —
// and Householder QR with column pivoting — geqp3 (LAPACK's deterministic pivoting) and geqpr
// (randomized pivoting, HQRRP), 4n³/3 flops for square — against unpivoted blocked QR (geqp3 with
// pivot = 0). Medians over rounds; each round runs every contender once — one sample, at least
// 50 ms of kernel time (input copies untimed) — in an order rotated by the round. With python3
// and scipy, single-threaded LAPACK (OPENBLAS_NUM_THREADS=1) is timed as the native reference,
// else skipped with a note.
// Usage: npm run build:wasm && node bench/robust.mjs [n ...] [--rounds R] [--no-native]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fill } from './random.mjs';

const args = process.argv.slice(2);
let rounds = 5;
let native = true;
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--no-native') native = false;
  else if (!args[i].startsWith('--')) sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(256, 512, 1024);

/** Target kernel time of one sample, seconds. */
const SAMPLE_SECONDS = 0.05;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { instance } = await WebAssembly.instantiate(readFileSync(join(root, 'build', 'core.wasm')), {});
const k = instance.exports;

function symmetric(n, seed, shift) {
  const a = fill(new Float64Array(n * n), seed);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
    a[i * n + i] += shift;
  }
  return a;
}

function runCell(n) {
  const A = new Float64Array(n * n);
  const spd = symmetric(n, 1, n); // diagonally dominant: SPD
  const indefinite = symmetric(n, 2, 0); // random symmetric: indefinite, Bunch–Kaufman pivots of both sizes
  const general = fill(new Float64Array(n * n), 3);
  const pa = k.alloc(8 * n * n) >>> 0;
  const pe = k.alloc(8 * n) >>> 0;
  const pi = k.alloc(4 * n) >>> 0;
  const lw = Math.max(k.sytrfWorkLength(n), k.geqp3WorkLength(n, n), k.geqprWorkLength(n, n));
  const pw = k.alloc(8 * lw) >>> 0;
  const load = (src) => new Float64Array(k.memory.buffer, pa, n * n).set(src);
  const contenders = [
    { name: 'Cholesky potrf (SPD)', flops: n ** 3 / 3, input: spd, run: () => k.potrf(n, pa, n) },
    { name: 'LDLT sytrf (same SPD)', flops: n ** 3 / 3, input: spd, run: () => k.sytrf(n, pa, n, pe, pi, pw) },
    { name: 'LDLT sytrf (indefinite)', flops: n ** 3 / 3, input: indefinite, run: () => k.sytrf(n, pa, n, pe, pi, pw) },
    {
      name: 'QR geqp3 (pivoted)',
      flops: (4 * n ** 3) / 3,
      input: general,
      run: () => k.geqp3(n, n, pa, n, pi, pe, pw, 1),
    },
    {
      name: 'QR geqpr (randomized piv.)',
      flops: (4 * n ** 3) / 3,
      input: general,
      run: () => k.geqpr(n, n, pa, n, pi, pe, pw),
    },
    {
      name: 'QR unpivoted (pivot=0)',
      flops: (4 * n ** 3) / 3,
      input: general,
      run: () => k.geqp3(n, n, pa, n, pi, pe, pw, 0),
    },
  ];
  // One timed call: the input is copied in untimed (the kernels factor in place).
  const once = (ct) => {
    load(ct.input);
    const t0 = CLOCKS.wall();
    ct.run();
    return (CLOCKS.wall() - t0) / 1000;
  };
  // Round 0 warms up and sets the repetitions of a sample (at least SAMPLE_SECONDS of kernel time).
  const reps = contenders.map((ct) => Math.max(1, Math.ceil(SAMPLE_SECONDS / once(ct))));
  const times = contenders.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (let c = 0; c < contenders.length; c++) {
      const idx = (c + r) % contenders.length;
      let total = 0;
      for (let q = 0; q < reps[idx]; q++) total += once(contenders[idx]);
      times[idx].push(total / reps[idx]);
    }
  }
  for (const p of [pa, pe, pi, pw]) k.free(p);
  A.fill(0);
  return contenders.map((c, i) => ({
    name: c.name,
    seconds: median(times[i]),
    gflops: c.flops / median(times[i]) / 1e9,
  }));
}

const nativeScript = `
import os, sys, time, json
import numpy as np
from scipy.linalg import lapack
out = {}
for n in map(int, sys.argv[1:]):
    rng = np.random.default_rng(0)
    S = rng.uniform(-1, 1, (n, n)); S = np.tril(S) + np.tril(S, -1).T
    spd = S + n * np.eye(n)
    G = rng.uniform(-1, 1, (n, n))
    def best(f, reps=3):
        ts = []
        for _ in range(reps):
            t = time.perf_counter(); f(); ts.append(time.perf_counter() - t)
        return float(np.median(ts))
    lw = int(lapack.dsytrf_lwork(n)[0])
    out[n] = {
        'dpotrf': n**3/3 / best(lambda: lapack.dpotrf(spd, lower=1)) / 1e9,
        'dsytrf (indefinite)': n**3/3 / best(lambda: lapack.dsytrf(S, lower=1, lwork=lw)) / 1e9,
        'dgeqp3': 4*n**3/3 / best(lambda: lapack.dgeqp3(G)) / 1e9,
        'dgeqrf': 4*n**3/3 / best(lambda: lapack.dgeqrf(G)) / 1e9,
    }
print(json.dumps(out))
`;

import { CLOCKS, median } from './harness.mjs';

function nativeReference() {
  if (!native) return { note: 'skipped (--no-native)' };
  try {
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const text = execFileSync('python3', ['-c', nativeScript, ...sizes.map(String)], { env, encoding: 'utf8' });
    return { results: JSON.parse(text) };
  } catch (e) {
    return { note: `skipped: python3 with numpy/scipy not usable (${String(e.message).split('\n')[0]})` };
  }
}

console.log(`robust-solve kernels, one core, Node ${process.version}, ${rounds} rounds (median GFLOP/s)`);
for (const n of sizes) {
  const cells = runCell(n);
  console.log(`\nn = ${n}`);
  for (const c of cells)
    console.log(
      `  ${c.name.padEnd(28)} ${c.gflops.toFixed(2).padStart(7)} GFLOP/s  ${(c.seconds * 1e3).toFixed(1).padStart(8)} ms`,
    );
  const chol = cells[0].gflops;
  console.log(
    `  LDLT/Cholesky ratio: SPD ${(cells[1].gflops / chol).toFixed(2)}, indefinite ${(cells[2].gflops / chol).toFixed(2)} (target ≥ 0.5)`,
  );
}
const ref = nativeReference();
if (ref.results) {
  console.log('\nnative LAPACK via scipy, OPENBLAS_NUM_THREADS=1 (GFLOP/s):');
  for (const [n, r] of Object.entries(ref.results)) {
    console.log(
      `  n = ${n}: ${Object.entries(r)
        .map(([name, g]) => `${name} ${g.toFixed(2)}`)
        .join(', ')}`,
    );
  }
} else {
  console.log(`\nnative reference ${ref.note}`);
}
