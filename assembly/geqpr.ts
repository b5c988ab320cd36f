// QR with randomized column pivoting A·P = Q·R (row-major m×n), as HQRRP (Martinsson,
// Quintana-Ortí, Heavner & van de Geijn, "Householder QR factorization with randomization for
// column pivoting", SIAM J. Sci. Comput. 39, 2017) with the sample update of Duersch & Gu
// ("Randomized QR with column pivoting", SIAM J. Sci. Comput. 39, 2017). The NBQ pivots of a
// block are chosen by QR with column pivoting of a small sketch Y = G·A (G Gaussian, s = NBQ + P
// rows) instead of the full trailing matrix, so the whole factorization is blocked: each step is
// an unpivoted panel QR with its trailing update through gemm (qrStep). After the step, with R₁₁,
// R₁₂ the new rows of R, Y₂ − Y₁·R₁₁⁻¹·R₁₂ = G·Q·[0; R₂₂] is again a Gaussian sketch, of R₂₂
// (G·Q₂ is Gaussian for orthonormal Q₂), so the sketch is updated, not recomputed. Rank-revealing
// in practice like LAPACK dgeqp3 (|R_kk| tracks σ_k), at the speed of unpivoted blocked QR; the
// diagonal of R is not exactly non-increasing across blocks. G comes from a fixed seed: the
// factorization is deterministic.
import { gemm } from './gemm';
import { geqp3Partial, geqp3WorkLength, qrStep, qrStepWorkLength } from './geqp3';
import { trsm } from './trsm';

// @ts-ignore: decorator
@inline
const BLOCK: i32 = 64;
// @ts-ignore: decorator
@inline
const OVERSAMPLE: i32 = 8;
// @ts-ignore: decorator
@inline
const S: i32 = BLOCK + OVERSAMPLE;
/** Above this |R₁₁⁻¹R₁₂| entry the sample update loses too much to cancellation: resample. */
// @ts-ignore: decorator
@inline
const ZMAX: f64 = 1e6;

/** Length (f64) of geqpr's workspace. */
export function geqprWorkLength(m: i32, n: i32): i32 {
  if (m <= 0 || n <= 0) return 0;
  // G (S × m), Y and its copy (S × n each), Z (BLOCK × n), τ of the sketch (S), positions (2n
  // i32 = n f64), the sketch's pivots (n i32), then the larger of qrStep's and geqp3's workspaces.
  return S * m + 2 * S * n + BLOCK * n + S + n + n + max(qrStepWorkLength(m, n), geqp3WorkLength(S, n));
}

/** Fills n doubles with standard normal samples (xorshift64*, Box–Muller), from a fixed seed. */
function gaussian(n: i32, x: usize, seed: u64): void {
  let state = seed;
  for (let i = 0; i < n; i += 2) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    const u1 = <f64>((state * 0x2545f4914f6cdd1d) >> 11) * (1.0 / 9007199254740992.0);
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    const u2 = <f64>((state * 0x2545f4914f6cdd1d) >> 11) * (1.0 / 9007199254740992.0);
    const r = Math.sqrt(-2.0 * Math.log(1.0 - u1));
    store<f64>(x + (<usize>i << 3), r * Math.cos(2.0 * Math.PI * u2));
    if (i + 1 < n) store<f64>(x + (<usize>(i + 1) << 3), r * Math.sin(2.0 * Math.PI * u2));
  }
}

/** For every row: swap columns j+i and j+swp[i], i = 0 … jb−1 in order (the column interchanges of one block). */
function applySwaps(rows: i32, a: usize, lda: i32, j: i32, jb: i32, swp: usize): void {
  const rs = <usize>lda << 3;
  for (let r = 0; r < rows; r++) {
    const row = a + <usize>r * rs + (<usize>j << 3);
    for (let i = 0; i < jb; i++) {
      const p = load<i32>(swp + (<usize>i << 2));
      if (p == i) continue;
      const oi = <usize>i << 3;
      const op = <usize>p << 3;
      const t = load<f64>(row + oi);
      store<f64>(row + oi, load<f64>(row + op));
      store<f64>(row + op, t);
    }
  }
}

/** Y[:, c0:n] = G[:, 0:m−r0]·A[r0:m, c0:n]: a fresh sketch of the trailing block. */
function sketch(m: i32, n: i32, r0: i32, c0: i32, a: usize, lda: i32, g: usize, y: usize): void {
  const rs = <usize>lda << 3;
  gemm(0, 0, S, n - c0, m - r0, 1.0, g, m, a + <usize>r0 * rs + (<usize>c0 << 3), lda, 0.0, y + (<usize>c0 << 3), n);
}

/**
 * A·P = Q·R in place, storage as geqp3 (R on and above the diagonal, reflectors below, τ in tau,
 * jpvt the original column of each column of A·P); work holds geqprWorkLength(m, n) f64.
 */
export function geqpr(m: i32, n: i32, a: usize, lda: i32, jpvt: usize, tau: usize, work: usize): void {
  for (let j = 0; j < n; j++) store<i32>(jpvt + (<usize>j << 2), j);
  if (m <= 0 || n <= 0) return;
  const rs = <usize>lda << 3;
  const g = work;
  const y = g + (<usize>S * m << 3);
  const yc = y + (<usize>S * n << 3);
  const z = yc + (<usize>S * n << 3);
  const taus = z + (<usize>BLOCK * n << 3);
  const pos = taus + (<usize>S << 3);
  const inv = pos + (<usize>n << 2);
  const jp2 = inv + (<usize>n << 2);
  const swp = jp2 + (<usize>n << 2);
  const rest = jp2 + (<usize>n << 3);
  gaussian(S * m, g, 0x9e3779b97f4a7c15);
  sketch(m, n, 0, 0, a, lda, g, y);
  const ys = <usize>n << 3;
  const minmn = min(m, n);
  for (let j = 0; j < minmn; j += BLOCK) {
    const jb = min(BLOCK, minmn - j);
    const nj = n - j;
    // Pivots of the block: QR with column pivoting of the sketch's trailing columns (S × nj).
    const ns = <usize>nj << 3;
    for (let r = 0; r < S; r++) memory.copy(yc + <usize>r * ns, y + <usize>r * ys + (<usize>j << 3), ns);
    geqp3Partial(S, nj, yc, nj, jp2, taus, rest, 1, jb);
    // Bring the first jb chosen columns to positions j … j+jb−1 by jb swaps (pos/inv track where
    // each trailing column currently is).
    for (let c = 0; c < nj; c++) {
      store<i32>(pos + (<usize>c << 2), c);
      store<i32>(inv + (<usize>c << 2), c);
    }
    // The swaps are recorded first (swp[i]: the position swapped with i) and
    // then applied row by row: a row-major matrix is read once instead of once per swap.
    let nswap = 0;
    for (let i = 0; i < jb; i++) {
      const c = load<i32>(jp2 + (<usize>i << 2));
      const p = load<i32>(pos + (<usize>c << 2));
      store<i32>(swp + (<usize>i << 2), p);
      if (p == i) continue;
      nswap++;
      const ji = jpvt + (<usize>(j + i) << 2);
      const jq = jpvt + (<usize>(j + p) << 2);
      const t = load<i32>(ji);
      store<i32>(ji, load<i32>(jq));
      store<i32>(jq, t);
      const d = load<i32>(inv + (<usize>i << 2));
      store<i32>(inv + (<usize>i << 2), c);
      store<i32>(inv + (<usize>p << 2), d);
      store<i32>(pos + (<usize>c << 2), i);
      store<i32>(pos + (<usize>d << 2), p);
    }
    if (nswap > 0) {
      applySwaps(m, a, lda, j, jb, swp);
      applySwaps(S, y, n, j, jb, swp);
    }
    qrStep(m, n, j, jb, a, lda, tau, rest);
    const nr = n - j - jb;
    if (nr <= 0 || j + jb >= minmn) continue;
    // Sample update Y₂ ← Y₂ − Y₁·(R₁₁⁻¹·R₁₂), unless R₁₁ is too ill-conditioned for it.
    const zs = <usize>nr << 3;
    const rjj = a + <usize>j * rs + (<usize>j << 3);
    for (let r = 0; r < jb; r++) memory.copy(z + <usize>r * zs, rjj + <usize>r * rs + (<usize>jb << 3), zs);
    trsm(0, 1, 0, 0, jb, nr, 1.0, rjj, lda, z, nr);
    let usable = true;
    for (let i = 0; i < jb * nr; i++) {
      // NaN or ±Infinity fail this test too.
      if (!(Math.abs(load<f64>(z + (<usize>i << 3))) <= ZMAX)) {
        usable = false;
        break;
      }
    }
    if (usable) {
      gemm(0, 0, S, nr, jb, -1.0, y + (<usize>j << 3), n, z, nr, 1.0, y + (<usize>(j + jb) << 3), n);
    } else {
      sketch(m, n, j + jb, j + jb, a, lda, g, y);
    }
  }
}
