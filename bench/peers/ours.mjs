// implicit-diff itself, from the build in dist/ (`npm run build`): the object API (Matrix,
// factorization objects kept in WASM memory) and, as a second contender, the low-level `lapack`
// namespace on caller-owned Float64Arrays, which shows what the object API costs per call.
import { readFileSync } from 'node:fs';
import { permFromSwaps } from '../problems.mjs';

let lib;

async function load() {
  try {
    lib = await import('../../dist/index.js');
  } catch (e) {
    throw new Error(`cannot import dist/index.js — run \`npm run build\` first (${e.message})`);
  }
}

const version = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
const M = (a, m, n) => new lib.Matrix(m, n, a);
const dispose = (f) => f.dispose();

/** The object API. */
export const ours = {
  name: 'implicit-diff',
  version,
  ours: true,
  init: load,
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: M(A, n, n), B: M(B, n, n) }),
      run: (s) => lib.matmul(s.A, s.B),
      result: (C) => C.data,
    },
    cholesky: {
      prepare: ({ n, A }) => ({ A: M(A, n, n) }),
      run: (s) => lib.cholesky(s.A),
      result: (f) => f.factor().data,
      release: dispose,
    },
    'cholesky-solve': {
      prepare: ({ n, A, b }) => ({ f: lib.cholesky(M(A, n, n)), b }),
      run: (s) => s.f.solve(s.b),
      result: (x) => x,
      dispose: (s) => s.f.dispose(),
    },
    lu: {
      // The LU object exposes solves, not its factors: the check solves with it.
      prepare: ({ n, A }) => ({ A: M(A, n, n) }),
      run: (s) => lib.lu(s.A),
      result: (f) => ({ solve: (b) => f.solve(b) }),
      release: dispose,
    },
    'lu-solve': {
      prepare: ({ n, A, b }) => ({ f: lib.lu(M(A, n, n)), b }),
      run: (s) => s.f.solve(s.b),
      result: (x) => x,
      dispose: (s) => s.f.dispose(),
    },
    hypergradient: {
      prepare: ({ n, nx, H, C, g }) => ({ H: M(H, n, n), C: M(C, n, nx), g }),
      available: () => typeof lib.hypergradient === 'function',
      run: (s) => lib.hypergradient(s.H, s.C, s.g),
      result: (h) => h,
    },
    jacobian: {
      prepare: ({ n, nx, A, X }) => ({ A: M(A, n, n), X: M(X, n, nx) }),
      available: () => typeof lib.implicitJacobian === 'function',
      run: (s) => lib.implicitJacobian(s.A, s.X),
      result: (J) => J.data,
    },
  },
};

/**
 * The object API with `out` (gl-matrix style): each result is written into an array allocated once
 * in `prepare`, so a call allocates nothing for its result. Results are owned arrays (transferable),
 * and on V8 a new Float64Array of more than 8 doubles costs a backing store of its own; this row
 * shows what a caller in a hot loop pays without that.
 */
export const oursOut = {
  name: 'implicit-diff out',
  version,
  ours: true,
  init: load,
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: M(A, n, n), B: M(B, n, n), C: new lib.Matrix(n, n) }),
      run: (s) => lib.matmul(s.A, s.B, s.C),
      result: (C) => C.data,
    },
    'cholesky-solve': {
      prepare: ({ n, A, b }) => ({ f: lib.cholesky(M(A, n, n)), b, x: new Float64Array(n) }),
      run: (s) => s.f.solve(s.b, s.x),
      result: (x) => x,
      dispose: (s) => s.f.dispose(),
    },
    'lu-solve': {
      prepare: ({ n, A, b }) => ({ f: lib.lu(M(A, n, n)), b, x: new Float64Array(n) }),
      run: (s) => s.f.solve(s.b, s.x),
      result: (x) => x,
      dispose: (s) => s.f.dispose(),
    },
    hypergradient: {
      prepare: ({ n, nx, H, C, g }) => ({ H: M(H, n, n), C: M(C, n, nx), g, out: new Float64Array(nx) }),
      run: (s) => lib.hypergradient(s.H, s.C, s.g, {}, s.out),
      result: (h) => h,
    },
  },
};

/**
 * The low-level entry: LAPACK-style calls on the caller's arrays. potrf/getrf overwrite their
 * input, so each call first copies A into a work array, as a caller keeping A must (the copy is
 * timed: it is part of the price).
 */
export const oursLapack = {
  name: 'implicit-diff lapack',
  version,
  ours: true,
  init: load,
  available: () => lib.lapack !== undefined,
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A, B, n }),
      run(s) {
        const C = new Float64Array(s.n * s.n);
        lib.lapack.gemm(0, 0, s.n, s.n, s.n, 1, s.A, s.n, s.B, s.n, 0, C, s.n);
        return C;
      },
      result: (c) => c,
    },
    cholesky: {
      prepare: ({ n, A }) => ({ A, n, work: new Float64Array(n * n) }),
      run(s) {
        s.work.set(s.A);
        const info = lib.lapack.potrf(s.n, s.work, s.n);
        if (info !== 0) throw new Error(`potrf info ${info}`);
        return s.work;
      },
      result: (L) => lowerOnly(L, Math.sqrt(L.length)),
    },
    'cholesky-solve': {
      prepare({ n, A, b }) {
        const L = Float64Array.from(A);
        lib.lapack.potrf(n, L, n);
        return { L, b, n };
      },
      run(s) {
        const x = Float64Array.from(s.b);
        lib.lapack.potrs(s.n, 1, s.L, s.n, x, 1);
        return x;
      },
      result: (x) => x,
    },
    lu: {
      prepare: ({ n, A }) => ({ A, n, work: new Float64Array(n * n), ipiv: new Int32Array(n) }),
      run(s) {
        s.work.set(s.A);
        lib.lapack.getrf(s.n, s.n, s.work, s.n, s.ipiv);
        return s;
      },
      result: (s) => ({ lu: s.work, perm: permFromSwaps(s.ipiv, s.n) }),
    },
    'lu-solve': {
      prepare({ n, A, b }) {
        const LU = Float64Array.from(A);
        const ipiv = new Int32Array(n);
        lib.lapack.getrf(n, n, LU, n, ipiv);
        return { LU, ipiv, b, n };
      },
      run(s) {
        const x = Float64Array.from(s.b);
        lib.lapack.getrs(0, s.n, 1, s.LU, s.n, s.ipiv, x, 1);
        return x;
      },
      result: (x) => x,
    },
  },
};

function lowerOnly(a, n) {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) L[i * n + j] = a[i * n + j];
  return L;
}
