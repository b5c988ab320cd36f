// @stdlib/blas: reference BLAS in JavaScript (dgemm, dtrsv). @stdlib/lapack on npm has no
// dpotrf/dgetrf, so the solves start from a factor made beforehand (untimed; by implicit-diff's
// low-level `lapack` namespace, which is fast at n = 1024 — the factor's maker does not matter,
// the check tests the solution) and time only stdlib's triangular solves, as a stdlib user would.
import { createRequire } from 'node:module';
import { lapack } from '../../dist/index.js';
import { permFromSwaps } from '../problems.mjs';
import { versionOf } from './util.mjs';

const require = createRequire(import.meta.url);
const dgemm = require('@stdlib/blas/base/dgemm');
const dtrsv = require('@stdlib/blas/base/dtrsv');
const R = 'row-major';

export default {
  name: '@stdlib/blas',
  version: versionOf('@stdlib/blas'),
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A, B, n }),
      run(s) {
        const C = new Float64Array(s.n * s.n);
        dgemm(R, 'no-transpose', 'no-transpose', s.n, s.n, s.n, 1, s.A, s.n, s.B, s.n, 0, C, s.n);
        return C;
      },
      result: (c) => c,
    },
    'cholesky-solve': {
      prepare({ n, A, b }) {
        // potrf leaves the strict upper triangle as it was; dtrsv reads only the lower one.
        const L = Float64Array.from(A);
        if (lapack.potrf(n, L, n) !== 0) throw new Error('setup: potrf failed');
        return { L, b, n };
      },
      run(s) {
        const x = Float64Array.from(s.b);
        dtrsv(R, 'lower', 'no-transpose', 'non-unit', s.n, s.L, s.n, x, 1);
        dtrsv(R, 'lower', 'transpose', 'non-unit', s.n, s.L, s.n, x, 1);
        return x;
      },
      result: (x) => x,
    },
    'lu-solve': {
      prepare({ n, A, b }) {
        // L (unit, strictly lower) and U in one array, as LAPACK; perm[i] = row of A in row i of P·A.
        const LU = Float64Array.from(A);
        const ipiv = new Int32Array(n);
        lapack.getrf(n, n, LU, n, ipiv);
        return { LU, perm: Int32Array.from(permFromSwaps(ipiv, n)), b, n };
      },
      run(s) {
        const x = new Float64Array(s.n);
        for (let i = 0; i < s.n; i++) x[i] = s.b[s.perm[i]];
        dtrsv(R, 'lower', 'no-transpose', 'unit', s.n, s.LU, s.n, x, 1);
        dtrsv(R, 'upper', 'no-transpose', 'non-unit', s.n, s.LU, s.n, x, 1);
        return x;
      },
      result: (x) => x,
    },
  },
};
