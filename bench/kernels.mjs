// Throughput of the raw WASM kernels (build/core.wasm, one core): gemm, potrf, getrf, and the
// one-right-hand-side solves potrs/getrs, at n = 256, 512, 1024 by default. Prints the median
// GFLOP/s over several runs (GEMM 2n³, Cholesky n³/3, LU 2n³/3, each triangular-pair solve and
// gemv 2n² flops). Usage: node bench/kernels.mjs [n ...] [--reps R] [--best] [--cpu] [--wasm path]
// --fma measures the relaxed-SIMD build (build/core-fma.wasm); Node 20 needs
// `node --experimental-wasm-relaxed-simd bench/kernels.mjs --fma`.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLOCKS, median } from './harness.mjs';
import { fill } from './random.mjs';

const args = process.argv.slice(2);
let reps = 5;
let wasmPath = join(dirname(fileURLToPath(import.meta.url)), '..', 'build', 'core.wasm');
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--reps') reps = Number(args[++i]);
  else if (args[i] === '--wasm') wasmPath = args[++i];
  else if (args[i] === '--fma') wasmPath = join(dirname(wasmPath), 'core-fma.wasm');
  else if (!args[i].startsWith('--')) sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(256, 512, 1024);

const { instance } = await WebAssembly.instantiate(readFileSync(wasmPath), {});
const k = instance.exports;

// The machine is shared: besides the median, the best run shows what the kernel can do unloaded,
// and --cpu times by the process's CPU time, which other processes on the machine do not inflate.
const useBest = args.includes('--best');
const useCpu = args.includes('--cpu');
const now = useCpu ? CLOCKS.cpu : CLOCKS.wall;

/** Median (or, with --best, minimum) seconds of `run` over `r` runs, each after `setup` (not timed). */
function time(setup, run, r = reps) {
  const ts = [];
  for (let i = 0; i < r; i++) {
    setup();
    const t0 = now();
    run();
    ts.push((now() - t0) / 1000);
  }
  return useBest ? Math.min(...ts) : median(ts);
}

const rows = [];
// Warm-up: V8 first runs WebAssembly through its baseline compiler and tiers hot functions up to
// the optimizing one in the background; a few untimed small runs keep that out of the figures.
{
  const n = 160;
  const pa = k.alloc(n * n * 8) >>> 0;
  const pb = k.alloc(n * n * 8) >>> 0;
  const pc = k.alloc(n * n * 8) >>> 0;
  const piv = k.alloc(n * 4) >>> 0;
  for (let r = 0; r < 20; r++) {
    const a = new Float64Array(k.memory.buffer, pa, n * n);
    fill(a, r);
    for (let i = 0; i < n; i++) a[i * n + i] += n;
    new Float64Array(k.memory.buffer, pb, n * n).set(a);
    k.gemm(0, 0, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n);
    k.gemv(r & 1, n, n, 1.0, pa, n, pb, 0.0, pc);
    k.getrf(n, n, pa, n, piv);
    k.getrs(0, n, 1, pa, n, piv, pb, 1);
    k.getrs(1, n, 1, pa, n, piv, pb, 1);
    new Float64Array(k.memory.buffer, pa, n * n).set(new Float64Array(k.memory.buffer, pb, n * n));
    fill(new Float64Array(k.memory.buffer, pa, n * n), r);
    const a2 = new Float64Array(k.memory.buffer, pa, n * n);
    for (let i = 0; i < n; i++) a2[i * n + i] = 2 * n;
    k.potrf(n, pa, n);
    k.potrs(n, 1, pa, n, pb, 1);
  }
  for (const p of [pa, pb, pc, piv]) k.free(p);
}
for (const n of sizes) {
  const nn = n * n;
  const pa = k.alloc(nn * 8) >>> 0;
  const pb = k.alloc(nn * 8) >>> 0;
  const pc = k.alloc(nn * 8) >>> 0;
  const pv = k.alloc(n * 8) >>> 0;
  const piv = k.alloc(n * 4) >>> 0;
  const view = (p, len) => new Float64Array(k.memory.buffer, p, len);
  const general = fill(new Float64Array(nn), 1);
  // Symmetric, diagonally dominant: positive definite by Gershgorin.
  const spd = new Float64Array(nn);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = j === i ? n : general[i * n + j];
      spd[i * n + j] = v;
      spd[j * n + i] = v;
    }
  const rhs = fill(new Float64Array(n), 2);
  const r = n >= 1024 ? Math.max(3, reps - 2) : reps;

  const tGemm = time(
    () => {
      view(pa, nn).set(general);
      view(pb, nn).set(general);
    },
    () => k.gemm(0, 0, n, n, n, 1.0, pa, n, pb, n, 0.0, pc, n),
    r,
  );
  const tPotrf = time(
    () => view(pa, nn).set(spd),
    () => {
      if (k.potrf(n, pa, n) !== 0) throw new Error('potrf failed');
    },
    r,
  );
  // Solves reuse the factor just computed; many repetitions, as they are fast.
  const solveReps = Math.max(5, Math.round(2e7 / nn));
  const tPotrs =
    time(
      () => view(pv, n).set(rhs),
      () => {
        for (let i = 0; i < solveReps; i++) k.potrs(n, 1, pa, n, pv, 1);
      },
    ) / solveReps;
  const tGetrf = time(
    () => view(pa, nn).set(general),
    () => k.getrf(n, n, pa, n, piv),
    r,
  );
  const tGetrs =
    time(
      () => view(pv, n).set(rhs),
      () => {
        for (let i = 0; i < solveReps; i++) k.getrs(0, n, 1, pa, n, piv, pv, 1);
      },
    ) / solveReps;
  const tGetrsT =
    time(
      () => view(pv, n).set(rhs),
      () => {
        for (let i = 0; i < solveReps; i++) k.getrs(1, n, 1, pa, n, piv, pv, 1);
      },
    ) / solveReps;
  const tGemv = [0, 1].map(
    (trans) =>
      time(
        () => view(pa, nn).set(general),
        () => {
          for (let i = 0; i < solveReps; i++) k.gemv(trans, n, n, 1.0, pa, n, pv, 0.5, pc);
        },
      ) / solveReps,
  );
  const g = (flops, t) => (flops / t / 1e9).toFixed(2);
  rows.push({
    n,
    gemm: g(2 * n ** 3, tGemm),
    potrf: g(n ** 3 / 3, tPotrf),
    getrf: g((2 * n ** 3) / 3, tGetrf),
    'potrs 1rhs': g(2 * n * n, tPotrs),
    'getrs 1rhs': g(2 * n * n, tGetrs),
    'getrsT 1rhs': g(2 * n * n, tGetrsT),
    gemv: g(2 * n * n, tGemv[0]),
    gemvT: g(2 * n * n, tGemv[1]),
    'gemm ms': (tGemm * 1e3).toFixed(1),
    'potrf ms': (tPotrf * 1e3).toFixed(1),
    'getrf ms': (tGetrf * 1e3).toFixed(1),
  });
  for (const p of [pa, pb, pc, pv, piv]) k.free(p);
}
console.log(
  `GFLOP/s (${useBest ? 'best' : 'median'} of ${reps} runs, ${useCpu ? 'process CPU time' : 'wall time'}; ${wasmPath})`,
);
console.table(rows);
