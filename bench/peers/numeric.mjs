// numeric (numericjs): pure JavaScript on arrays of rows. No Cholesky; LU with partial pivoting.
import numeric from 'numeric';
import { fromRows, permFromSwaps, toRows } from '../problems.mjs';
import { versionOf } from './util.mjs';

export default {
  name: 'numeric',
  version: versionOf('numeric'),
  ops: {
    gemm: {
      prepare: ({ n, A, B }) => ({ A: toRows(A, n, n), B: toRows(B, n, n) }),
      run: (s) => numeric.dot(s.A, s.B),
      result: fromRows,
    },
    lu: {
      prepare: ({ n, A }) => ({ A: toRows(A, n, n), n }),
      // numeric.LU works in place on a copy it makes itself.
      run: (s) => numeric.LU(s.A),
      result: (r) => ({ lu: fromRows(r.LU), perm: permFromSwaps(r.P, r.P.length) }),
    },
    'lu-solve': {
      prepare: ({ n, A, b }) => ({ f: numeric.LU(toRows(A, n, n)), b: Array.from(b) }),
      run: (s) => numeric.LUsolve(s.f, s.b),
      result: (x) => x,
    },
    hypergradient: {
      // Without a Cholesky, a numeric user solves H v = g by LU (numeric.solve), then -Cᵀ v.
      prepare: ({ n, nx, H, C, g }) => ({
        H: toRows(H, n, n),
        Ct: numeric.transpose(toRows(C, n, nx)),
        g: Array.from(g),
      }),
      run: (s) => numeric.neg(numeric.dot(s.Ct, numeric.solve(s.H, s.g))),
      result: (h) => h,
    },
    jacobian: {
      // One LU, then one LUsolve per column of dFdx.
      prepare: ({ n, nx, A, X }) => ({ A: toRows(A, n, n), Xt: numeric.transpose(toRows(X, n, nx)), n, nx }),
      run(s) {
        const f = numeric.LU(s.A);
        const cols = s.Xt.map((col) => numeric.neg(numeric.LUsolve(f, col)));
        return numeric.transpose(cols);
      },
      result: fromRows,
    },
  },
};
