// A first look at the core: factor a symmetric positive definite matrix once, solve with it,
// and read its log-determinant and condition estimate. Run with `node examples/quickstart.mjs`
// after `npm install` (which builds dist/).
import { cholesky, lu, Matrix, solve } from 'implicit-diff';

const A = Matrix.from([
  [4, 2, 0.6],
  [2, 5, 1.5],
  [0.6, 1.5, 3],
]);
const b = [1, 2, 3];

// Factorizations live in WebAssembly memory until dispose() (or `using` in TypeScript).
const chol = cholesky(A);
const x = chol.solve(b);
console.log('A =', A.toArray());
console.log(
  'x = A⁻¹b =',
  Array.from(x, (v) => v.toFixed(6)),
);
console.log('log det A =', chol.logDet().toFixed(6), ' rcond(A) ≈', chol.rcond().toFixed(4));
console.log(
  'L =',
  chol
    .factor()
    .toArray()
    .map((row) => row.map((v) => +v.toFixed(6))),
);
chol.dispose();

const f = lu([
  [0, 2, 1],
  [1, 1, 1],
  [3, 0, 2],
]);
console.log('det of a matrix that needs pivoting =', f.det().toFixed(6));
f.dispose();
console.log(
  'solve(..., { assume: "general" }) =',
  Array.from(solve(A, b, { assume: 'general' }), (v) => v.toFixed(6)),
);
