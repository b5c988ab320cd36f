import { allocBytes, free, writeF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import type { Symbolic } from './analyse.js';
import { Blocks, readI32 } from './blocks.js';

/** Static pivoting of the quasi-definite LDLᵀ: expected signs (permuted order) and regularization. */
export interface PivotRule {
  /** Expected sign of each pivot in the factor's order (+1, −1, or 0 for any nonzero), or undefined. */
  readonly signs?: Int32Array;
  /** Signed pivots below eps are replaced by sign·delta when delta > 0. */
  readonly eps: number;
  readonly delta: number;
}

/** The outcome of one numeric factorization. */
export type NumericOutcome =
  | { readonly ok: true; readonly lx: number; readonly regularized: number }
  | { readonly ok: false; readonly kind: 'not-positive' | 'zero' | 'sign'; readonly column: number };

/**
 * The numeric factorization of the values of a matrix with the analysed pattern (values in the
 * order of the pattern's entries) into a new block of nvals doubles: supernodal Cholesky, or LDLᵀ
 * with `pivots`. On failure the block is freed and the failing column (permuted numbering) returned.
 * @throws {ShapeError} when the factor or its workspace cannot fit in WASM memory.
 */
export function factorNumeric(sym: Symbolic, values: Float64Array, pivots: PivotRule | undefined): NumericOutcome {
  const k = kernels();
  const temps = new Blocks();
  const what = 'the sparse factorization workspace';
  const lx = allocBytes(sym.nvals, 8, 'the sparse factor L');
  try {
    const ax = temps.f64(values.length, what);
    writeF64(ax, values);
    const cwork = temps.f64(sym.cworkLength, what);
    const ldl = pivots !== undefined;
    const wwork = ldl ? temps.f64(sym.wworkLength + sym.n + 64, what) : 0;
    const iwork = temps.i32(sym.n + 3 * sym.ns + sym.maxRows, what);
    const status = temps.i32(4, what);
    const signs = pivots?.signs === undefined ? 0 : temps.i32Copy(pivots.signs, what);
    const info = k.supernodalFactor(
      ldl ? 1 : 0,
      sym.n,
      sym.ns,
      sym.sfirst,
      sym.srowptr,
      sym.svalptr,
      sym.srows,
      sym.colsuper,
      values.length,
      ax,
      sym.dest,
      lx,
      sym.nvals,
      signs,
      pivots?.eps ?? 0,
      pivots?.delta ?? 0,
      status,
      cwork,
      wwork,
      iwork,
    );
    const [kind, column, regularized] = readI32(status, 3);
    if (info === 0) return { ok: true, lx, regularized };
    free(lx);
    if (!ldl) return { ok: false, kind: 'not-positive', column: info - 1 };
    return { ok: false, kind: kind === 2 ? 'sign' : 'zero', column };
  } catch (error) {
    free(lx);
    throw error;
  } finally {
    temps.freeAll();
  }
}
