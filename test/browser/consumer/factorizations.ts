// A consumer of the published package, imported by its name as a user would: bundled by esbuild
// for the browser and for Node, it computes the factorizations on integer-valued inputs and
// returns the exact bits of every result, for the two platforms to be compared bit for bit.
import { cholesky, init, ldlt, lstsq, lu, Matrix, matmul } from 'implicit-diff';

/** mulberry32, the seeded generator of the tests, inlined: the consumer imports only the package. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An m × n matrix of integers drawn uniformly from −9…9. */
function integers(m: number, n: number, seed: number): Matrix {
  const random = rng(seed);
  return new Matrix(
    m,
    n,
    Float64Array.from({ length: m * n }, () => Math.floor(random() * 19) - 9),
  );
}

/** The IEEE 754 bits of every entry, as hexadecimal (little-endian bytes, 16 digits per entry). */
function bits(values: Float64Array | number[]): string {
  const bytes = new Uint8Array(Float64Array.from(values).buffer);
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Orders on both sides of the kernels' block edges, and a few small ones. */
export const ORDERS = [1, 2, 3, 5, 8, 17, 63, 64, 65, 100, 129, 200];

/**
 * For each order n: G with integer entries, the SPD matrix A = GᵀG + n·I (integer-valued, so the
 * inputs are exact on every platform), B with integer entries; then the bits of L (Cholesky),
 * A⁻¹B by Cholesky, log det A, rcond; P·A = L·U of G + n·I with A⁻¹B, A⁻ᵀB, det, log|det|,
 * rcond; L·D·Lᵀ of a symmetric indefinite S with solves, log|det| and rcond; the least-squares
 * solution of a tall integer system; and the product G·B. Keys name the order and the result.
 */
function factorizationBits(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of ORDERS) {
    const G = integers(n, n, 1000 + n);
    const A = matmul(G.transpose(), G);
    for (let i = 0; i < n; i++) A.set(i, i, A.get(i, i) + n);
    const B = integers(n, 3, 2000 + n);
    const b = integers(n, 1, 3000 + n).data;
    {
      using c = cholesky(A);
      out[`n=${n} cholesky L`] = bits(c.factor().data);
      out[`n=${n} cholesky solve B`] = bits(c.solve(B).data);
      out[`n=${n} cholesky solve b`] = bits(c.solve(b));
      out[`n=${n} cholesky logDet, rcond`] = bits([c.logDet(), c.rcond()]);
    }
    const M = G.transpose();
    for (let i = 0; i < n; i++) M.set(i, i, M.get(i, i) + n);
    {
      using f = lu(M);
      out[`n=${n} lu solve B`] = bits(f.solve(B).data);
      out[`n=${n} lu solveTransposed b`] = bits(f.solveTransposed(b));
      out[`n=${n} lu logAbsDet, rcond`] = bits([f.logAbsDet(), f.rcond()]);
      out[`n=${n} lu det`] = bits([f.det()]);
    }
    // S = G + Gᵀ ± n on the diagonal (alternating): symmetric, integer-valued, indefinite.
    const S = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.set(i, j, G.get(i, j) + G.get(j, i));
    for (let i = 0; i < n; i++) S.set(i, i, S.get(i, i) + (i % 2 === 0 ? n : -n));
    {
      using f = ldlt(S);
      const { L, D, perm } = f.factors();
      out[`n=${n} ldlt L, D, perm`] = bits([...L.data, ...D.data, ...perm]);
      const { positive, negative, zero } = f.inertia();
      out[`n=${n} ldlt inertia`] = bits([positive, negative, zero]);
      out[`n=${n} ldlt solve B`] = bits(f.solve(B).data);
      out[`n=${n} ldlt rcond`] = bits([f.rcond()]);
      out[`n=${n} ldlt logAbsDet`] = bits([f.logAbsDet()]);
    }
    const T = integers(n + 3, Math.max(1, n >> 1), 4000 + n); // tall
    const t = integers(n + 3, 1, 5000 + n).data;
    const ls = lstsq(T, t);
    out[`n=${n} lstsq x, rank, residualNorm`] = bits([...ls.x, ls.rank, ls.residualNorm]);
    out[`n=${n} matmul G·B`] = bits(matmul(G, B).data);
  }
  return out;
}

/** What {@link run} returns: the build of the core that ran, and the bits of every result. */
export interface Run {
  readonly fma: boolean;
  readonly bits: Record<string, string>;
}

/**
 * Starts the core with the baseline build (`fma` false), the fused multiply-add build (true) or
 * the engine's default (undefined), then computes {@link factorizationBits}. Must be the realm's
 * first use of the library (a fresh page, worker or process).
 */
export async function run(fma?: boolean): Promise<Run> {
  const backend = await init(fma === undefined ? {} : { fma });
  return { fma: backend.fma, bits: factorizationBits() };
}
