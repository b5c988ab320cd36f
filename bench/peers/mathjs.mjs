// mathjs: general-purpose, typed dispatch on DenseMatrix. LU with partial pivoting (lup), lusolve.
import { lup, lusolve, matrix, multiply } from 'mathjs';
import { lapack } from '../../dist/index.js';
import { fromRows, permFromSwaps, toRows } from '../problems.mjs';
import { versionOf } from './util.mjs';

/** mathjs' p: row i of A is row p[i] of P·A; return the inverse (row i of L·U is row perm[i] of A). */
function invert(p) {
  const perm = new Array(p.length);
  for (let i = 0; i < p.length; i++) perm[p[i]] = i;
  return perm;
}

/** {L, U, p} as mathjs' lup returns them, from LAPACK-style getrf factors. */
function lupFromGetrf(A, n) {
  const a = Float64Array.from(A);
  const ipiv = new Int32Array(n);
  lapack.getrf(n, n, a, n, ipiv);
  const L = new Float64Array(n * n);
  const U = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    L[i * n + i] = 1;
    for (let j = 0; j < i; j++) L[i * n + j] = a[i * n + j];
    for (let j = i; j < n; j++) U[i * n + j] = a[i * n + j];
  }
  return { L: matrix(toRows(L, n, n)), U: matrix(toRows(U, n, n)), p: invert(permFromSwaps(ipiv, n)) };
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
      // mathjs' own lup takes many seconds at n = 1024; the factor (untimed) comes from
      // implicit-diff's getrf in mathjs' {L, U, p} form, and only lusolve is timed.
      prepare: ({ n, A, b }) => ({ f: lupFromGetrf(A, n), b: matrix(Array.from(b, (v) => [v])) }),
      run: (s) => lusolve(s.f, s.b),
      result: (x) => Float64Array.from(x.toArray().flat()),
    },
  },
};
