// ml-matrix: pure JavaScript, row arrays of Float64Array. Also the "user without us" version of
// the hypergradient and the implicit Jacobian: a decomposition object plus products.
import { CholeskyDecomposition, LuDecomposition, Matrix } from 'ml-matrix';
import { versionOf } from './util.mjs';

const M = (a, m, n) => Matrix.from1DArray(m, n, a);
const flat = (X) => Float64Array.from(X.to1DArray());

export default {
  name: 'ml-matrix',
  version: versionOf('ml-matrix'),
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: M(A, n, n), B: M(B, n, n) }),
      run: (s) => s.A.mmul(s.B),
      result: flat,
    },
    cholesky: {
      prepare: ({ n, A }) => ({ A: M(A, n, n) }),
      run: (s) => new CholeskyDecomposition(s.A),
      result: (d) => flat(d.lowerTriangularMatrix),
    },
    'cholesky-solve': {
      prepare: ({ n, A, b }) => ({ d: new CholeskyDecomposition(M(A, n, n)), b: Matrix.columnVector(b) }),
      run: (s) => s.d.solve(s.b),
      result: (x) => x.getColumn(0),
    },
    lu: {
      prepare: ({ n, A }) => ({ A: M(A, n, n) }),
      run: (s) => new LuDecomposition(s.A),
      result: (d) => ({
        L: flat(d.lowerTriangularMatrix),
        U: flat(d.upperTriangularMatrix),
        perm: d.pivotPermutationVector,
      }),
    },
    'lu-solve': {
      prepare: ({ n, A, b }) => ({ d: new LuDecomposition(M(A, n, n)), b: Matrix.columnVector(b) }),
      run: (s) => s.d.solve(s.b),
      result: (x) => x.getColumn(0),
    },
    hypergradient: {
      // What a user writes without us: v = H⁻¹ g by Cholesky, then -Cᵀ v.
      prepare: ({ n, nx, H, C, g }) => ({ H: M(H, n, n), C: M(C, n, nx), g: Matrix.columnVector(g) }),
      run: (s) => s.C.transpose().mmul(new CholeskyDecomposition(s.H).solve(s.g)).mul(-1),
      result: (h) => h.getColumn(0),
    },
    jacobian: {
      prepare: ({ n, nx, A, X }) => ({ A: M(A, n, n), X: M(X, n, nx) }),
      run: (s) => new LuDecomposition(s.A).solve(s.X).mul(-1),
      result: flat,
    },
  },
};
