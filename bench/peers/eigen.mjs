// eigen (Eigen 3.3 compiled to WebAssembly by emscripten). Known to trap ("memory access out of
// bounds") at some sizes; a trapped instance cannot be trusted, so after any failure the adapter
// loads a fresh instance (a new evaluation of the module) before the next cell. Its LU is Eigen's
// FullPivLU (P·A·Q = L·U), not partial pivoting: same flop count, more comparisons.
import { createRequire } from 'node:module';
import { toRows } from '../problems.mjs';
import { versionOf } from './util.mjs';

const require = createRequire(import.meta.url);
let eig;

async function load() {
  const path = require.resolve('eigen');
  delete require.cache[path];
  eig = require(path);
  await eig.ready;
}

const mat = (a, m, n) => new eig.Matrix(toRows(a, m, n));

function dense(X) {
  const m = X.rows();
  const n = X.cols();
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = X.get(i, j);
  return a;
}

/** Index vector of a permutation matrix: perm[i] = j where P[i][j] = 1 (byColumn: P[j][i] = 1). */
function permOf(P, byColumn) {
  const n = P.rows();
  const perm = new Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if ((byColumn ? P.get(j, i) : P.get(i, j)) === 1) perm[i] = j;
  return perm;
}

/** Keep the inputs of a cell alive across GC.flush(), which frees every other eigen object. */
function keep(state) {
  eig.GC.pushException(...Object.values(state));
  return state;
}

const flush = () => eig.GC.flush();

export default {
  name: 'eigen',
  version: versionOf('eigen'),
  init: load,
  recover: load,
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => keep({ A: mat(A, n, n), B: mat(B, n, n) }),
      run: (s) => s.A.matMul(s.B),
      result: dense,
      release: flush,
    },
    cholesky: {
      prepare: ({ n, A }) => keep({ A: mat(A, n, n) }),
      run: (s) => eig.Decompositions.cholesky(s.A),
      result: (r) => dense(r.L),
      release: flush,
    },
    lu: {
      prepare: ({ n, A }) => keep({ A: mat(A, n, n) }),
      run: (s) => eig.Decompositions.lu(s.A),
      result: (r) => ({
        L: dense(r.L),
        unitL: true,
        U: dense(r.U),
        perm: permOf(r.P, false),
        cperm: permOf(r.Q, true),
      }),
      release: flush,
    },
  },
  /** Frees the inputs of a finished cell. */
  dispose(state) {
    // GC.flush deletes what is no longer whitelisted (deleting directly would leave them in its set).
    eig.GC.popException(...Object.values(state));
    eig.GC.flush();
  },
};
