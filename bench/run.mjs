#!/usr/bin/env node
// The benchmark suite: `node bench/run.mjs [--quick] [--only op,...] [--sizes n,...] [--peers name,...]
// [--no-native] [--stat median|min] [--out dir]`. Times implicit-diff (from dist/, so `npm run build`
// first) against the JavaScript peers in one process, interleaved in rounds, with numpy/scipy
// single-threaded in a subprocess that takes its samples inside the same rounds; writes
// bench/results/<date>[-quick].md, .json and .svg.
import os from 'node:os';
import { timeCell } from './harness.mjs';
import { startNative } from './native.mjs';
import { ours, oursLapack, oursOut } from './peers/ours.mjs';
import { OPS } from './problems.mjs';
import { writeReport } from './report.mjs';

const FULL_SIZES = [4, 8, 16, 64, 256, 512, 1024];
const QUICK_SIZES = [8, 16, 256, 1024];

function parseArgs(argv) {
  const o = {
    quick: false,
    only: null,
    sizes: null,
    peers: null,
    native: true,
    out: null,
    stat: 'median',
    // Wall time: jax-js runs threads of its own whose CPU time, with the CPU clock, lands in whichever
    // contender is sampled while they run (bench/OVERHEAD.md has the figures).
    clock: 'wall',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const list = () =>
      argv[++i]
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    if (a === '--quick') o.quick = true;
    else if (a === '--only') o.only = list();
    else if (a === '--sizes') o.sizes = list().map(Number);
    else if (a === '--peers') o.peers = list();
    else if (a === '--no-native') o.native = false;
    else if (a === '--out') o.out = argv[++i];
    else if (a === '--stat') o.stat = argv[++i];
    else if (a === '--clock') o.clock = argv[++i];
    else if (a === '--help' || a === '-h') {
      console.log(
        'node bench/run.mjs [--quick] [--only op,...] [--sizes n,...] [--peers name,...] [--no-native] [--stat median|min] [--clock cpu|wall] [--out dir]',
      );
      console.log(`ops: ${Object.keys(OPS).join(', ')}`);
      console.log('peers: ml-matrix, numeric, mathjs, jax-js, @stdlib/blas, eigen (implicit-diff always runs)');
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (o.clock !== 'cpu' && o.clock !== 'wall') throw new Error(`--clock must be cpu or wall, got ${o.clock}`);
  if (o.stat !== 'median' && o.stat !== 'min') throw new Error(`--stat must be median or min, got ${o.stat}`);
  for (const op of o.only ?? []) if (!OPS[op]) throw new Error(`unknown op ${op}; ops: ${Object.keys(OPS).join(', ')}`);
  for (const n of o.sizes ?? []) if (!Number.isInteger(n) || n < 1) throw new Error(`bad size ${n}`);
  return o;
}

const args = parseArgs(process.argv.slice(2));
const ops = args.only ?? Object.keys(OPS);
const sizes = args.sizes ?? (args.quick ? QUICK_SIZES : FULL_SIZES);
// Timing budgets. A contender whose single call is predicted (see `predict`) to exceed
// `capSeconds` is skipped at that size and reported as skipped.
const timing = {
  ...(args.quick
    ? { rounds: 5, minRounds: 2, sampleMs: 10, warmupMs: 20, budgetMs: 400, capSeconds: 1.5 }
    : { rounds: 11, minRounds: 3, sampleMs: 40, warmupMs: 100, budgetMs: 6000, capSeconds: 5 }),
  clock: args.clock,
};

const log = (...a) => console.error(...a);
const load0 = os.loadavg();

// Peer adapters are loaded one by one: a peer that is missing or fails to load is reported, not fatal.
const PEERS = ['ml-matrix', 'numeric', 'mathjs', 'jax-js', 'stdlib', 'eigen'];
const broken = new Map();
const allLibs = [ours, oursOut, oursLapack];
await ours.init();
for (const file of PEERS) {
  try {
    const peer = (await import(`./peers/${file}.mjs`)).default;
    allLibs.push(peer);
    try {
      await peer.init?.();
    } catch (e) {
      broken.set(peer.name, `failed to initialize: ${e.message}`);
    }
  } catch (e) {
    allLibs.push({ name: file, version: 'missing', ops: {} });
    log(`peer ${file} not loaded: ${e.message}`);
  }
}
let libs = allLibs.filter((l) => (l.available ? l.available() : true));
if (args.peers) libs = libs.filter((l) => l.ours || args.peers.includes(l.name));

const machine = {
  cpu: os.cpus()[0]?.model ?? 'unknown',
  cores: os.cpus().length,
  memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
  platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  node: process.version,
  v8: process.versions.v8,
  // Which build of our core ran: fused multiply-add or baseline SIMD, threads.
  backend: (await import('../dist/index.js')).backend(),
  loadavgStart: load0,
};

// The native reference runs in a Python subprocess that takes its samples inside the same rounds.
let native = { available: false, note: 'skipped (--no-native)' };
if (args.native) {
  native = await startNative();
  log(
    native.available ? `native reference: OpenBLAS kernel ${native.info.corename}, 1 thread` : `native ${native.note}`,
  );
}
const NATIVE = 'numpy/scipy';

const started = Date.now();
const cells = [];
for (const op of ops) {
  const spec = OPS[op];
  const power = op.endsWith('-solve') ? 2 : 3;
  const last = new Map(); // library → [{ n, seconds }, …] of its timed sizes
  for (const n of sizes) {
    const input = spec.make(n, 1000 + n);
    const contenders = [];
    const skipped = [];
    for (const l of libs) {
      const impl = l.ops[op];
      if (!impl) continue;
      if (impl.available && !impl.available()) {
        skipped.push({ name: l.name, status: 'skipped', reason: `${op} is not in this build` });
        continue;
      }
      if (broken.has(l.name)) {
        skipped.push({ name: l.name, status: 'failed', reason: broken.get(l.name) });
        continue;
      }
      const predicted = predict(last.get(l.name), n, power);
      if (!l.ours && predicted > timing.capSeconds) {
        skipped.push({
          name: l.name,
          status: 'skipped',
          reason: `predicted ${predicted.toFixed(1)} s per call > ${timing.capSeconds} s cap`,
        });
        continue;
      }
      contenders.push({
        name: l.name,
        prepare: () => impl.prepare(input),
        run: impl.run,
        result: impl.result,
        release: impl.release,
        dispose: impl.dispose ?? l.dispose,
        recover: l.recover,
      });
    }
    if (native.available) {
      contenders.push({
        name: NATIVE,
        remote: { prepare: () => native.prepare(op, n, timing), sample: native.sample },
      });
    }
    const t0 = Date.now();
    const records = await timeCell(contenders, { ...timing, check: (r) => spec.check(input, r) });
    // --stat min reports the fastest sample (least disturbed by other processes on a busy machine).
    if (args.stat === 'min') {
      for (const r of records) {
        for (const x of [r, r.alt]) if (x && r.status === 'ok') [x.median, x.seconds] = [x.seconds, x.min];
      }
    }
    for (const r of records) {
      if (r.status === 'ok') last.set(r.name, [...(last.get(r.name) ?? []), { n, seconds: r.seconds }]);
    }
    const nat = records.find((r) => r.name === NATIVE);
    const all = [...records.filter((r) => r !== nat), ...skipped].map((r) => ({
      ...r,
      gflops: r.status === 'ok' ? spec.flops(n) / r.seconds / 1e9 : undefined,
    }));
    cells.push({ op, n, records: all, native: nat });
    const best = [...all, ...(nat ? [nat] : [])]
      .filter((r) => r.status === 'ok')
      .map((r) => `${r.name} ${fmtTime(r.seconds)}`);
    const bad = all.filter((r) => r.status !== 'ok').map((r) => `${r.name}: ${r.status}`);
    log(
      `${op} n=${n} (${((Date.now() - t0) / 1e3).toFixed(1)} s): ${best.join(', ')}${bad.length ? ` | ${bad.join('; ')}` : ''}`,
    );
  }
}
machine.loadavgEnd = os.loadavg();
if (native.available) native.close();

const libraries = Object.fromEntries(allLibs.map((l) => [l.name, l.version]));
const run = {
  date: new Date().toISOString(),
  mode: args.quick ? 'quick' : 'full',
  stat: args.stat,
  clock: args.clock,
  sizes,
  ops,
  timing,
  machine,
  libraries,
  native: { available: native.available, note: native.note, info: native.info, removedEnv: native.removedEnv },
  seconds: (Date.now() - started) / 1e3,
  cells,
};
const files = await writeReport(run, { out: args.out });
log(`wrote ${files.join(', ')}`);

/**
 * Predicted seconds per call at n from the sizes timed so far (only those ≥ 64, where the O(n^power)
 * work dominates the per-call overhead): the last time scaled by (n / n_last)^power, or by the
 * growth observed between the last two sizes when that is steeper (caches falling off).
 */
function predict(history, n, power) {
  const h = (history ?? []).filter((x) => x.n >= 64);
  if (h.length === 0) return 0;
  const a = h[h.length - 1];
  let exponent = power;
  if (h.length >= 2) {
    const b = h[h.length - 2];
    exponent = Math.max(power, Math.log(a.seconds / b.seconds) / Math.log(a.n / b.n));
  }
  return a.seconds * (n / a.n) ** exponent;
}

function fmtTime(s) {
  return s >= 1 ? `${s.toFixed(2)} s` : s >= 1e-3 ? `${(s * 1e3).toFixed(2)} ms` : `${(s * 1e6).toFixed(2)} µs`;
}
