// Runs in a Chromium page (bundled by chromium.node.test.ts): asks for two threads, then factors
// and multiplies matrices large enough to be split, and reports what it got and how accurate it is.
import { backend, cholesky, init, lu, Matrix, matmul } from '../../../src/index.js';

/** What the page reports. */
export interface PageRun {
  isolated: boolean;
  fma: boolean;
  threads: number;
  cholesky: number;
  lu: number;
  gemm: number;
}

function random(m: number, n: number, seed: number): Matrix {
  let s = seed >>> 0;
  const data = new Float64Array(m * n);
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    data[i] = s / 2 ** 32 - 0.5;
  }
  return new Matrix(m, n, data);
}

/** max |X − Y| / max |Y|. */
function relative(X: Matrix, Y: Matrix): number {
  let d = 0;
  let y = 0;
  for (let i = 0; i < Y.data.length; i++) {
    d = Math.max(d, Math.abs(X.data[i] - Y.data[i]));
    y = Math.max(y, Math.abs(Y.data[i]));
  }
  return d / y;
}

/** C = A·B by the definition, in plain JavaScript. */
function naive(A: Matrix, B: Matrix): Matrix {
  const C = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++)
    for (let p = 0; p < A.cols; p++) {
      const a = A.data[i * A.cols + p];
      for (let j = 0; j < B.cols; j++) C.data[i * B.cols + j] += a * B.data[p * B.cols + j];
    }
  return C;
}

export async function run(): Promise<PageRun> {
  await init({ threads: 2 });
  const n = 400;
  const B = random(n, n, 1);
  const S = naive(B, B.transpose());
  for (let i = 0; i < n; i++) S.data[i * n + i] += n;
  const L = cholesky(S).factor();
  const G = random(n, n, 2);
  const X = random(n, 30, 3);
  const Y = lu(G).solve(naive(G, X));
  const P = random(300, 500, 4);
  const Q = random(500, 200, 5);
  return {
    isolated: globalThis.crossOriginIsolated === true,
    fma: backend().fma,
    threads: backend().threads,
    cholesky: relative(naive(L, L.transpose()), S),
    lu: relative(Y, X),
    gemm: relative(matmul(P, Q), naive(P, Q)),
  };
}
