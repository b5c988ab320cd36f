// One thread against two threads of the same (threaded) build of the core, through the public
// API of dist/: matmul (GEMM, 2n³ flops), cholesky (n³/3) and lu (2n³/3) at n = 512 and 1024 by
// default. The pool is resized between samples (init({ threads: 1 }) / init({ threads: 2 })), so
// both contenders run the very same WebAssembly module; rounds alternate the order of the two, and
// the reported time is the median over rounds of wall-clock time (CPU time would add the threads).
// Usage: npm run build && node bench/threads.mjs [n ...] [--rounds R] [--threads T]
import { cholesky, init, lu, Matrix, matmul, shutdown } from '../dist/index.js';
import { CLOCKS, median } from './harness.mjs';
import { fill } from './random.mjs';

const args = process.argv.slice(2);
let rounds = 9;
let threads = 2;
const sizes = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--rounds') rounds = Number(args[++i]);
  else if (args[i] === '--threads') threads = Number(args[++i]);
  else if (!args[i].startsWith('--')) sizes.push(Number(args[i]));
}
if (sizes.length === 0) sizes.push(512, 1024);

const started = await init({ threads });
if (started.threads !== threads) {
  console.log(`threads unavailable here (backend ${JSON.stringify(started)}): nothing to compare`);
  process.exit(0);
}

/** An n × n matrix of uniform values in [-1, 1), seeded. */
function random(n, seed) {
  return new Matrix(n, n, fill(new Float64Array(n * n), seed));
}

/** A well-conditioned symmetric positive definite matrix: B·Bᵀ/n + I. */
function spd(n) {
  const B = random(n, 7);
  const S = matmul(B, B.transpose());
  for (let i = 0; i < n * n; i++) S.data[i] /= n;
  for (let i = 0; i < n; i++) S.data[i * n + i] += 1;
  return S;
}

/** Wall-clock milliseconds of one call, the best of `reps` back-to-back calls (one sample). */
function sample(run, reps) {
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < reps; r++) {
    const t = CLOCKS.wall();
    run();
    best = Math.min(best, CLOCKS.wall() - t);
  }
  return best;
}

const ops = (n) => {
  const A = random(n, 1);
  const B = random(n, 2);
  const S = spd(n);
  return [
    { name: 'gemm', flops: 2 * n ** 3, run: () => matmul(A, B) },
    { name: 'cholesky', flops: n ** 3 / 3, run: () => cholesky(S).dispose() },
    { name: 'lu', flops: (2 * n ** 3) / 3, run: () => lu(A).dispose() },
  ];
};

console.log(`threads: 1 vs ${threads} of the threaded build, median of ${rounds} interleaved rounds (wall clock)`);
console.log(`| operation | n | 1 thread ms | GFLOP/s | ${threads} threads ms | GFLOP/s | speed-up |`);
console.log('|---|---|---|---|---|---|---|');
for (const n of sizes) {
  for (const op of ops(n)) {
    const reps = n <= 512 ? 3 : 1;
    const times = { 1: [], [threads]: [] };
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? [1, threads] : [threads, 1];
      for (const t of order) {
        await init({ threads: t });
        op.run(); // warm: the first call after a resize wakes the new workers
        times[t].push(sample(op.run, reps));
      }
    }
    const one = median(times[1]);
    const many = median(times[threads]);
    const gf = (ms) => (op.flops / ms / 1e6).toFixed(1);
    console.log(
      `| ${op.name} | ${n} | ${one.toFixed(1)} | ${gf(one)} | ${many.toFixed(1)} | ${gf(many)} | ${(one / many).toFixed(2)}× |`,
    );
  }
}
shutdown();
