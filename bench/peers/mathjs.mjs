// mathjs: general-purpose, typed dispatch on DenseMatrix. LU with partial pivoting (lup), lusolve.
import { lup, lusolve, matrix, multiply } from 'mathjs';
import { fromRows, toRows } from '../problems.mjs';
import { versionOf } from './util.mjs';

/** mathjs' p: row i of A is row p[i] of P·A; return the inverse (row i of L·U is row perm[i] of A). */
function invert(p) {
  const perm = new Array(p.length);
  for (let i = 0; i < p.length; i++) perm[p[i]] = i;
  return perm;
}

export default {
  name: 'mathjs',
  version: versionOf('mathjs'),
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: matrix(toRows(A, n, n)), B: matrix(toRows(B, n, n)) }),
      run: (s) => multiply(s.A, s.B),
      result: (C) => fromRows(C.toArray()),
    },
    lu: {
      prepare: ({ n, A }) => ({ A: matrix(toRows(A, n, n)) }),
      run: (s) => lup(s.A),
      result: (r) => ({ L: fromRows(r.L.toArray()), U: fromRows(r.U.toArray()), perm: invert(r.p) }),
    },
    'lu-solve': {
      prepare: ({ n, A, b }) => ({ f: lup(matrix(toRows(A, n, n))), b: matrix(Array.from(b, (v) => [v])) }),
      run: (s) => lusolve(s.f, s.b),
      result: (x) => Float64Array.from(x.toArray().flat()),
    },
  },
};
