import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/index.js';
import { randomMatrix } from '../helpers/random.js';
import { EPS, naiveMatmul, norm1 } from '../helpers/reference.js';
import { f64View, i32View, kernels, scratch } from '../internal.js';

// The raw QR kernels: A·P = Q·R checked by forming Q (ormqr applied to the identity) and comparing
// Q·R with the columns of A permuted by jpvt, in plain loops; Qᵀ·Q = I; R upper triangular with
// |R₀₀| ≥ |R₁₁| ≥ … under column pivoting.

function factor(A: Matrix, pivot: number, randomized = false) {
  const { rows: m, cols: n } = A;
  const k = kernels();
  const mn = Math.min(m, n);
  const lw = Math.max(k.geqp3WorkLength(m, n), randomized ? k.geqprWorkLength(m, n) : 0, m, 1);
  const bytes = 8 * (m * n + mn + lw + m * m) + 4 * n + 64;
  const base = scratch(bytes, 'qr test');
  const pa = base;
  const ptau = pa + 8 * m * n;
  const pwork = ptau + 8 * mn;
  const pq = pwork + 8 * lw;
  const pjpvt = pq + 8 * m * m;
  f64View(pa, m * n).set(A.data);
  if (randomized) k.geqpr(m, n, pa, Math.max(n, 1), pjpvt, ptau, pwork);
  else k.geqp3(m, n, pa, Math.max(n, 1), pjpvt, ptau, pwork, pivot);
  const Q = f64View(pq, m * m);
  Q.fill(0);
  for (let i = 0; i < m; i++) Q[i * m + i] = 1;
  k.ormqr(0, m, m, mn, pa, Math.max(n, 1), ptau, pq, Math.max(m, 1), pwork);
  const F = f64View(pa, m * n);
  const R = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = i; j < n; j++) R.data[i * n + j] = F[i * n + j];
  return { Q: new Matrix(m, m, f64View(pq, m * m).slice()), R, jpvt: i32View(pjpvt, n).slice() };
}

function check(A: Matrix, pivot: number, randomized = false) {
  const { rows: m, cols: n } = A;
  const { Q, R, jpvt } = factor(A, pivot, randomized);
  const AP = new Matrix(m, n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) AP.data[i * n + j] = A.data[i * n + jpvt[j]];
  const QR = naiveMatmul(Q, R);
  let diff = 0;
  for (let i = 0; i < m * n; i++) diff = Math.max(diff, Math.abs(QR.data[i] - AP.data[i]));
  const scale = Math.max(norm1(A), 1e-300) * Math.max(m, n, 1) * EPS;
  expect(diff / scale).toBeLessThan(30);
  const QtQ = naiveMatmul(Q.transpose(), Q);
  let orth = 0;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) orth = Math.max(orth, Math.abs(QtQ.data[i * m + j] - (i === j ? 1 : 0)));
  expect(orth / (Math.max(m, 1) * EPS)).toBeLessThan(30);
  expect(Array.from(jpvt).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
  if (randomized) {
    // Not monotone across blocks; rank-revealing is checked separately.
  } else if (pivot) {
    for (let i = 1; i < Math.min(m, n); i++) {
      expect(Math.abs(R.data[i * n + i])).toBeLessThanOrEqual(Math.abs(R.data[(i - 1) * n + i - 1]) * (1 + 1e-12));
    }
  } else {
    expect(Array.from(jpvt)).toEqual(Array.from({ length: n }, (_, i) => i));
  }
}

const shapes: [number, number][] = [
  [0, 0],
  [0, 3],
  [3, 0],
  [1, 1],
  [5, 3],
  [3, 5],
  [31, 31],
  [33, 33],
  [70, 40],
  [40, 70],
  [97, 97],
  [130, 65],
  [200, 150],
  [150, 200],
];

describe('geqp3 / ormqr kernels', () => {
  for (const [m, n] of shapes) {
    for (const pivot of [1, 0]) {
      it(`${m} × ${n}, pivot = ${pivot}`, () => check(randomMatrix(m, n, 31 * m + n), pivot));
    }
  }

  it('nearly parallel columns (norm downdating cancels: recomputed norms)', () => {
    const m = 90;
    const n = 60;
    const u = randomMatrix(m, 1, 1).data;
    const noise = randomMatrix(m, n, 2);
    const A = new Matrix(m, n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) A.data[i * n + j] = u[i] + 1e-9 * noise.data[i * n + j];
    check(A, 1);
  });

  it('a graded matrix (columns scaled over 12 orders) and an exactly rank-deficient one', () => {
    const G = randomMatrix(50, 40, 3);
    for (let i = 0; i < 50; i++)
      for (let j = 0; j < 40; j++) G.data[i * 40 + j] *= 10 ** (-6 + (12 * ((j * 7) % 40)) / 39);
    check(G, 1);
    const L = naiveMatmul(randomMatrix(60, 10, 4), randomMatrix(10, 45, 5));
    check(L, 1);
    const { R } = factor(L, 1);
    expect(Math.abs(R.data[10 * 45 + 10])).toBeLessThan(1e-12 * Math.abs(R.data[0]));
  });
});

describe('geqp3 with a leading dimension larger than n', () => {
  it('pads are neither read into the result nor written', () => {
    const m = 45;
    const n = 37;
    const lda = 41;
    const A = randomMatrix(m, n, 77);
    const k = kernels();
    const lw = k.geqp3WorkLength(m, n);
    for (const pivot of [1, 0]) {
      const base = scratch(8 * (m * lda + n + lw) + 4 * n + 64, 'qr lda test');
      const pa = base;
      const ptau = pa + 8 * m * lda;
      const pwork = ptau + 8 * n;
      const pjpvt = pwork + 8 * lw;
      const padded = f64View(pa, m * lda);
      padded.fill(Number.NaN);
      for (let i = 0; i < m; i++) padded.set(A.data.subarray(i * n, i * n + n), i * lda);
      k.geqp3(m, n, pa, lda, pjpvt, ptau, pwork, pivot);
      const out = f64View(pa, m * lda);
      for (let i = 0; i < m; i++) {
        for (let j = n; j < lda; j++) expect(out[i * lda + j]).toBeNaN();
        for (let j = 0; j < n; j++) expect(Number.isFinite(out[i * lda + j])).toBe(true);
      }
    }
  });
});

describe('geqpr (randomized column pivoting, HQRRP)', () => {
  for (const [m, n] of [
    [0, 0],
    [1, 1],
    [5, 3],
    [3, 5],
    [64, 64],
    [65, 65],
    [150, 100],
    [100, 150],
    [200, 200],
  ] as [number, number][]) {
    it(`${m} × ${n}: A·P = Q·R, Q orthogonal`, () => check(randomMatrix(m, n, 7 * m + n), 1, true));
  }

  it('reveals an exact rank r: |R_kk| drops by ~1e-15 relative after k = r, across block boundaries', () => {
    for (const [m, n, r] of [
      [220, 180, 100],
      [180, 220, 64],
      [150, 150, 130],
    ]) {
      const A = naiveMatmul(randomMatrix(m, r, m + r), randomMatrix(r, n, n + r));
      check(A, 1, true);
      const { R } = factor(A, 1, true);
      const diag = Array.from({ length: Math.min(m, n) }, (_, i) => Math.abs(R.data[i * n + i]));
      const big = Math.max(...diag);
      expect(Math.min(...diag.slice(0, r))).toBeGreaterThan(1e-6 * big);
      expect(Math.max(...diag.slice(r))).toBeLessThan(1e-12 * big);
    }
  });

  it('a graded matrix whose sketch update meets an ill-conditioned R₁₁ (resampling path)', () => {
    // Columns scaled over 30 orders: R₁₁⁻¹R₁₂ is huge after the first block.
    const m = 160;
    const n = 140;
    const G = randomMatrix(m, n, 9);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) G.data[i * n + j] *= 10 ** (-15 + (30 * ((j * 37) % n)) / (n - 1));
    check(G, 1, true);
  });
});
