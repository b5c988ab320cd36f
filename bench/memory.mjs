// Memory of factorizations whose dispose() is forgotten in a synchronous loop (the
// FinalizationRegistry cannot run until the loop ends; src/wasm/working-set.ts bounds what WASM memory
// holds, for the dense and the sparse factorizations alike). `node bench/memory.mjs [--scale s]
// [--only name,...]` runs each loop below in a fresh Node process (so that every peak is its own),
// without dispose() and then with it for reference, and prints, per run: iterations, peak WASM memory, peak RSS, wall time, and the working set's
// counters at the end. `--scale 0.1` runs a tenth of the iterations (a smoke test). Needs
// `npm run build` first (it imports dist/).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The loops: `cholesky(A).solve(b)` without dispose, `iterations` times at order n; and
 * `sparseCholesky(L).solve(b)` for the 5-point Laplacian L of a side × side grid (n = side²).
 */
const LOOPS = {
  'n=100': { n: 100, iterations: 100_000, limitMiB: 256 },
  'n=300': { n: 300, iterations: 5_000, limitMiB: 1024 },
  'n=40': { n: 40, iterations: 200_000, limitMiB: 256 },
  'sparse-grid-100': { side: 100, iterations: 20_000, limitMiB: 256 },
};

function parse(argv) {
  const o = { scale: 1, only: Object.keys(LOOPS), child: undefined, dispose: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--scale') o.scale = Number(argv[++i]);
    else if (argv[i] === '--only') o.only = argv[++i].split(',');
    else if (argv[i] === '--child') o.child = argv[++i];
    else if (argv[i] === '--dispose') o.dispose = true;
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: node bench/memory.mjs [--scale s] [--only ${Object.keys(LOOPS)}]`,
      );
  }
  if (!(o.scale > 0)) throw new Error(`--scale must be positive, got ${o.scale}`);
  for (const name of o.only) if (!LOOPS[name]) throw new Error(`unknown loop ${name}; loops: ${Object.keys(LOOPS)}`);
  return o;
}

const MiB = 2 ** 20;

async function child(name, scale, dispose) {
  const lib = await import('../dist/index.js');
  const { kernels } = await import('../dist/wasm/instance.js');
  const { workingSet } = await import('../dist/wasm/working-set.js');
  const loop = LOOPS[name];
  const iterations = Math.round(loop.iterations * scale);
  const { n, factor, what } = loop.side === undefined ? denseProblem(lib, loop.n) : sparseProblem(lib, loop.side);
  const b = new Float64Array(n).fill(1);
  const wasmBytes = () => kernels().memory.buffer.byteLength;
  let peakWasm = wasmBytes();
  let checksum = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    const f = factor();
    checksum += f.solve(b)[0];
    if (dispose) f.dispose();
    if ((i & 255) === 0) peakWasm = Math.max(peakWasm, wasmBytes());
  }
  const seconds = (performance.now() - start) / 1000;
  peakWasm = Math.max(peakWasm, wasmBytes());
  const ws = workingSet();
  console.log(
    JSON.stringify({
      loop: `${what}.solve(b), ${dispose ? 'dispose()' : 'no dispose'}, n = ${n}`,
      iterations,
      'peak WASM MiB': +(peakWasm / MiB).toFixed(1),
      'WASM limit MiB': LOOPS[name].limitMiB,
      'peak RSS MiB': +(process.resourceUsage().maxRSS / 1024).toFixed(1),
      'wall s': +seconds.toFixed(2),
      'µs / iteration': +((seconds * 1e6) / Math.max(iterations, 1)).toFixed(1),
      'resident MiB at end': +(ws.residentBytes / MiB).toFixed(1),
      'budget MiB': +(ws.budget / MiB).toFixed(1),
      finite: Number.isFinite(checksum),
    }),
  );
}

/** A well-conditioned SPD matrix of order n (diagonally dominant, symmetric) and its dense Cholesky. */
function denseProblem(lib, n) {
  const A = new lib.Matrix(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const v = Math.sin(i * 7 + j * 3);
      A.data[i * n + j] = v;
      A.data[j * n + i] = v;
    }
    A.data[i * n + i] = n;
  }
  return { n, factor: () => lib.cholesky(A), what: 'cholesky(A)' };
}

/** The 5-point Laplacian of a side × side grid (Dirichlet boundary: SPD) and its sparse Cholesky. */
function sparseProblem(lib, side) {
  const n = side * side;
  const rows = [];
  const cols = [];
  const values = [];
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const p = i * side + j;
      rows.push(p);
      cols.push(p);
      values.push(4);
      for (const q of [i > 0 ? p - side : -1, j > 0 ? p - 1 : -1]) {
        if (q < 0) continue;
        rows.push(p, q);
        cols.push(q, p);
        values.push(-1, -1);
      }
    }
  }
  const L = lib.SparseMatrix.fromTriplets(n, n, rows, cols, values);
  return { n, factor: () => lib.sparseCholesky(L), what: `sparseCholesky(grid Laplacian ${side}×${side})` };
}

const args = parse(process.argv.slice(2));
if (args.child) await child(args.child, args.scale, args.dispose);
else {
  const rows = [];
  for (const name of args.only) {
    for (const dispose of [false, true]) {
      const out = execFileSync(
        process.execPath,
        [
          fileURLToPath(import.meta.url),
          '--child',
          name,
          '--scale',
          String(args.scale),
          ...(dispose ? ['--dispose'] : []),
        ],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
      );
      rows.push(JSON.parse(out.trim().split('\n').at(-1)));
    }
  }
  console.log(`Node ${process.version}, V8 ${process.versions.v8}`);
  console.table(rows);
}
