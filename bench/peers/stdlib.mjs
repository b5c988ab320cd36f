// @stdlib/blas: reference BLAS in JavaScript (dgemm, dtrsv). @stdlib/lapack on npm has no
// dpotrf/dgetrf, so the solves use a factor computed (untimed) by ml-matrix and time only
// stdlib's triangular solves — what a user of stdlib would write.
import { createRequire } from 'node:module';
import { CholeskyDecomposition, LuDecomposition, Matrix } from 'ml-matrix';
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
        const L = Float64Array.from(
          new CholeskyDecomposition(Matrix.from1DArray(n, n, A)).lowerTriangularMatrix.to1DArray(),
        );
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
        const d = new LuDecomposition(Matrix.from1DArray(n, n, A));
        // ml-matrix keeps L (unit, strictly lower) and U in one array, as LAPACK.
        const LU = Float64Array.from(d.LU.to1DArray());
        return { LU, perm: Int32Array.from(d.pivotPermutationVector), b, n };
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
