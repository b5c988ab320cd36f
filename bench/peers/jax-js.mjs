// jax-js on its WebAssembly device, float64. Node 20 has no Float16Array, which jax-js names at
// load time; a stub class is enough because nothing here uses float16. Arrays are lazy and
// reference counted: `.ref` keeps an input alive across calls, `dataSync()` realizes a result and
// releases it.
import { versionOf } from './util.mjs';

let jax;

async function load() {
  if (typeof globalThis.Float16Array === 'undefined') globalThis.Float16Array = class Float16Array {};
  jax = await import('@jax-js/jax');
  await jax.init('wasm');
  jax.defaultDevice('wasm');
}

const arr = (a, shape) => jax.numpy.array(a, { shape, dtype: 'float64' });

export default {
  name: 'jax-js',
  version: versionOf('@jax-js/jax'),
  init: load,
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: arr(A, [n, n]), B: arr(B, [n, n]) }),
      run: (s) => jax.numpy.matmul(s.A.ref, s.B.ref).dataSync(),
      result: (c) => c,
    },
    cholesky: {
      prepare: ({ n, A }) => ({ A: arr(A, [n, n]) }),
      run: (s) => jax.lax.linalg.cholesky(s.A.ref).dataSync(),
      result: (l) => l,
    },
    'cholesky-solve': {
      // L from jax's own Cholesky (untimed); the timed part is the two triangular solves.
      prepare({ n, A, b }) {
        const L = arr(jax.lax.linalg.cholesky(arr(A, [n, n])).dataSync(), [n, n]);
        return { L, b: arr(b, [n, 1]) };
      },
      run(s) {
        const { triangularSolve } = jax.lax.linalg;
        const y = triangularSolve(s.L.ref, s.b.ref, { leftSide: true, lower: true });
        return triangularSolve(s.L.ref, y, { leftSide: true, lower: true, transposeA: true }).dataSync();
      },
      result: (x) => x,
    },
    lu: {
      prepare: ({ n, A }) => ({ A: arr(A, [n, n]) }),
      run(s) {
        const [lu, piv, perm] = jax.lax.linalg.lu(s.A.ref);
        piv.dispose();
        return { lu: lu.dataSync(), perm: perm.dataSync() };
      },
      result: (r) => r,
    },
    'lu-solve': {
      // jax.numpy.linalg.solve refactors; from a given factor a user permutes b and runs two
      // triangular solves.
      prepare({ n, A, b }) {
        const [lu, piv, perm] = jax.lax.linalg.lu(arr(A, [n, n]));
        piv.dispose();
        const p = perm.dataSync();
        const LU = lu.dataSync();
        return { LU: arr(LU, [n, n]), perm: Array.from(p), b, n };
      },
      run(s) {
        const { triangularSolve } = jax.lax.linalg;
        const pb = new Float64Array(s.n);
        for (let i = 0; i < s.n; i++) pb[i] = s.b[s.perm[i]];
        const y = triangularSolve(s.LU.ref, arr(pb, [s.n, 1]), { leftSide: true, lower: true, unitDiagonal: true });
        return triangularSolve(s.LU.ref, y, { leftSide: true, lower: false }).dataSync();
      },
      result: (x) => x,
    },
    hypergradient: {
      prepare: ({ n, nx, H, C, g }) => ({ H: arr(H, [n, n]), C: arr(C, [n, nx]), g: arr(g, [n, 1]) }),
      run(s) {
        const { cholesky, triangularSolve } = jax.lax.linalg;
        const L = cholesky(s.H.ref);
        const y = triangularSolve(L.ref, s.g.ref, { leftSide: true, lower: true });
        const v = triangularSolve(L, y, { leftSide: true, lower: true, transposeA: true });
        return jax.numpy.matmul(s.C.ref.transpose(), v).mul(-1).dataSync();
      },
      result: (h) => h,
    },
    jacobian: {
      prepare: ({ n, nx, A, X }) => ({ A: arr(A, [n, n]), X: arr(X, [n, nx]) }),
      run: (s) => jax.numpy.linalg.solve(s.A.ref, s.X.ref).mul(-1).dataSync(),
      result: (j) => j,
    },
  },
};
