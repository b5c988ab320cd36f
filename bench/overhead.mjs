#!/usr/bin/env node
// Where the time of one small call goes (n ≤ 16, where implicit differentiation may be called
// millions of times): `node bench/overhead.mjs [--sizes 4,8,16]`. Times the object API, then each
// step it takes — validation, WASM memory views, copies in and out, allocation, the
// FinalizationRegistry, the bare kernel, the JS↔WASM boundary — separately, from the build in
// dist/ (internals imported from dist/wasm and dist/linalg). Prints a table of ns per call.
import * as lib from '../dist/index.js';
import { asMatrix, asRightHandSide, asSquare, assertFinite } from '../dist/linalg/validate.js';

/** The JavaScript validation that entry points did before the finiteness check moved into WASM. */
const asSquareMatrix = (A, name) => {
  const M = asSquare(A, name);
  assertFinite(M.data, name, M.cols);
  return M;
};

import { allocF64, f64View, free } from '../dist/wasm/heap.js';
import { kernels } from '../dist/wasm/instance.js';
import { scratch } from '../dist/wasm/scratch.js';
import { CLOCKS } from './harness.mjs';
import { rng } from './problems.mjs';

const now = CLOCKS.cpu;
const args = process.argv.slice(2);
const sizes = args[0] === '--sizes' ? args[1].split(',').map(Number) : [4, 8, 16];

/**
 * Least ns per call of `f` over 101 samples of ~2 ms of this process's CPU time each, after a
 * warm-up of at least 50 ms. The minimum, not the median: on a shared machine interference only
 * ever adds time, and these steps are deterministic. Each measurement gets its own loop function
 * (new Function), so the call site of `f` stays monomorphic and V8 can inline it as it would in a
 * user's loop.
 */
function ns(f) {
  const loop = new Function('f', 'reps', 'for (let i = 0; i < reps; i++) f();');
  let reps = 1;
  const start = now();
  for (;;) {
    const t0 = now();
    loop(f, reps);
    const dt = now() - t0;
    if (dt > 2 && now() - start > 50) break;
    if (dt <= 2) reps *= dt < 0.2 ? 8 : 2;
  }
  let best = Number.POSITIVE_INFINITY;
  for (let s = 0; s < 101; s++) {
    const t0 = now();
    loop(f, reps);
    best = Math.min(best, ((now() - t0) * 1e6) / reps);
  }
  return best;
}

const k = kernels();
let sink = 0;
// What the loader puts around every export (its demangle step): a rest-parameter array and a spread
// per call. The library calls the module's own exports instead.
const setArgumentsLength = () => {};
const wrappedDot = (...args) => {
  setArgumentsLength(args.length);
  return k.dot(...args);
};

// A prototype of a proposed fast path (bench only; the library is not changed here), over one
// Float64Array of the whole WASM memory, remade when memory.grow has detached it (length 0).
let heapView = new Float64Array(k.memory.buffer);
function heapF64() {
  if (heapView.length === 0) heapView = new Float64Array(k.memory.buffer);
  return heapView;
}

/**
 * The dense hypergradient -Cᵀ H⁻¹ g fused: H, C and g copied into one scratch block, then potrf,
 * potrs and a transposed gemv in WASM, one copy out. Same checks as the library's path (H square
 * and finite, g finite, C through the finiteness of the product).
 */
function protoHypergradient(H, C, g) {
  const M = asSquareMatrix(H, 'hessian');
  const n = M.rows;
  const Cm = asMatrix(C, 'crossHessian');
  if (Cm.rows !== n) throw new Error('shape');
  const nx = Cm.cols;
  const gv = asRightHandSide(g, n, 'gradLoss');
  const p = scratch(8 * (n * n + n * nx + n + nx), 'hypergradient');
  const pc = p + 8 * n * n;
  const pg = pc + 8 * n * nx;
  const ph = pg + 8 * n;
  const h = heapF64();
  h.set(M.data, p >>> 3);
  h.set(Cm.data, pc >>> 3);
  h.set(gv, pg >>> 3);
  if (k.potrf(n, p, n) > 0) throw new Error('not positive definite');
  k.potrs(n, 1, p, n, pg, 1);
  k.gemv(1, n, nx, -1, pc, nx, pg, 0, ph);
  const out = h.slice(ph >>> 3, (ph >>> 3) + nx);
  for (let i = 0; i < nx; i++) if (out[i] - out[i] !== 0) throw new Error('overflow');
  return out;
}

const rows = [];

for (const n of sizes) {
  const next = rng(n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = i === j ? n + 1 : 0.5 * next();
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
  const b = Float64Array.from({ length: n }, () => next());
  const A = new lib.Matrix(n, n, a);
  const B = new lib.Matrix(n, n, Float64Array.from(a));
  const nn = n * n;

  // Memory placed once, for timing kernels alone.
  const pa = allocF64(nn, 'bench');
  const pb = allocF64(nn, 'bench');
  const pc = allocF64(nn, 'bench');
  const px = allocF64(n, 'bench');
  const heap = () => new Float64Array(k.memory.buffer);
  let H = heap();
  H.set(a, pa >>> 3);
  H.set(a, pb >>> 3);
  k.potrf(n, pb, n);
  const fact = lib.cholesky(A);
  const luf = lib.lu(A);
  const registry = new FinalizationRegistry(() => {});
  const cached = { view: H };

  const r = {
    n,
    // The object API, whole.
    'matmul(A, B)': ns(() => {
      sink += lib.matmul(A, B).data[0];
    }),
    'cholesky(A) + dispose': ns(() => {
      const f = lib.cholesky(A);
      f.dispose();
    }),
    'lu(A) + dispose': ns(() => {
      const f = lib.lu(A);
      f.dispose();
    }),
    'F.solve(b) (Cholesky)': ns(() => {
      sink += fact.solve(b)[0];
    }),
    'F.solve(b) (LU)': ns(() => {
      sink += luf.solve(b)[0];
    }),
    'hypergradient(H, C, g)': ns(() => {
      sink += lib.hypergradient(A, B, b)[0];
    }),
    'PROTO hypergradient fused in one scratch block': ns(() => {
      sink += protoHypergradient(A, B, b)[0];
    }),
    'same from linalg: cholesky(H).solve(g), matvec(C, v, true)': ns(() => {
      const f = lib.cholesky(A);
      const v = f.solve(b);
      f.dispose();
      sink += lib.matvec(B, v, true)[0];
    }),
    'implicitJacobian(dFdy, dFdx)': ns(() => {
      sink += lib.implicitJacobian(A, B).data[0];
    }),
    'same from linalg: lu(dFdy).solve(dFdx)': ns(() => {
      const f = lib.lu(A);
      sink += f.solve(B).data[0];
      f.dispose();
    }),
    'lapack.potrf(n, a, n) on a copy': ns(() => {
      const w = Float64Array.from(a);
      lib.lapack.potrf(n, w, n);
    }),
    // The steps.
    'validation: asMatrix ×2 + assertFinite ×2': ns(() => {
      const x = asMatrix(A, 'A');
      const y = asMatrix(B, 'B');
      assertFinite(x.data, 'A', n);
      assertFinite(y.data, 'B', n);
    }),
    'validation: asSquareMatrix': ns(() => {
      sink += asSquareMatrix(A, 'A').rows;
    }),
    'validation: asRightHandSide(b)': ns(() => {
      sink += asRightHandSide(b, n, 'b').length;
    }),
    'kernels().memory.buffer': ns(() => {
      sink += kernels().memory.buffer.byteLength;
    }),
    'f64View (new Float64Array over memory)': ns(() => {
      sink += f64View(pa, nn).length;
    }),
    'scratch(bytes) (already large enough)': ns(() => {
      sink += scratch(8 * 3 * nn, 'bench');
    }),
    'copy n² in through a fresh view': ns(() => {
      f64View(pa, nn).set(a);
    }),
    'copy n² in through a cached heap view': ns(() => {
      if (cached.view.length === 0) cached.view = heap();
      cached.view.set(a, pa >>> 3);
    }),
    'copy n² out: fresh view .slice()': ns(() => {
      sink += f64View(pc, nn).slice()[0];
    }),
    'copy n² out: cached view .slice(lo, hi)': ns(() => {
      sink += cached.view.slice(pc >>> 3, (pc >>> 3) + nn)[0];
    }),
    'new Matrix(n, n, data)': ns(() => {
      sink += new lib.Matrix(n, n, a).rows;
    }),
    'alloc + free (TLSF, n² doubles)': ns(() => {
      const p = allocF64(nn, 'bench');
      free(p);
    }),
    'k.alloc + k.free (bare exports)': ns(() => {
      const p = k.alloc(8 * nn) >>> 0;
      k.free(p);
    }),
    'FinalizationRegistry register + unregister': ns(() => {
      const o = {};
      registry.register(o, 1, o);
      registry.unregister(o);
    }),
    'finiteness of n doubles: checked in the JS copy loop': ns(() => {
      const at = px >>> 3;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const v = b[i];
        cached.view[at + i] = v;
        sum += v - v;
      }
      sink += sum;
    }),
    'finiteness of n doubles: copied, then the SIMD kernel': ns(() => {
      cached.view.set(b, px >>> 3);
      sink += k.firstNonFinite(px, n);
    }),
    'empty boundary crossing (k.dot with n = 0)': ns(() => {
      sink += k.dot(0, px, 1, px, 1);
    }),
    'the same through a wrapper as @assemblyscript/loader makes': ns(() => {
      sink += wrappedDot(0, px, 1, px, 1);
    }),
    'kernel gemm alone': ns(() => {
      k.gemm(0, 0, n, n, n, 1, pa, n, pb, n, 0, pc, n);
    }),
    'kernel potrf alone (on a fresh copy: copy + potrf)': ns(() => {
      cached.view.set(a, pc >>> 3);
      k.potrf(n, pc, n);
    }),
    'kernel norm1SymLower alone': ns(() => {
      sink += k.norm1SymLower(n, pa, n);
    }),
    'kernel potrs alone (1 rhs, b copied in first)': ns(() => {
      cached.view.set(b, px >>> 3);
      k.potrs(n, 1, pb, n, px, 1);
    }),
  };
  // pb holds the Cholesky factor of a, and b is copied in before each potrs: solving in place again
  // and again would let x decay through subnormal numbers to zero, and time solves of a zero vector
  // (an earlier version of this row did).
  rows.push(r);
  for (const p of [pa, pb, pc, px]) free(p);
  fact.dispose();
  luf.dispose();
  H = undefined;
}

const names = Object.keys(rows[0]).filter((x) => x !== 'n');
const width = Math.max(...names.map((x) => x.length));
console.log(`${'ns per call'.padEnd(width)} | ${rows.map((r) => `n = ${r.n}`.padStart(9)).join(' | ')}`);
console.log(`${'-'.repeat(width)}-|-${rows.map(() => '-'.repeat(9)).join('-|-')}`);
for (const name of names)
  console.log(`${name.padEnd(width)} | ${rows.map((r) => r[name].toFixed(0).padStart(9)).join(' | ')}`);
if (sink === 42) console.log('');
