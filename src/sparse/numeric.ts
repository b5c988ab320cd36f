import { writeF64 } from '../wasm/heap.js';
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
  | { readonly ok: true; readonly regularized: number }
  | { readonly ok: false; readonly kind: 'not-positive' | 'zero' | 'sign'; readonly column: number };

/**
 * The numeric factorization of the values of a matrix with the analysed pattern (values in the
 * order of the pattern's entries) into the nvals doubles at `lx`: supernodal Cholesky, or LDLᵀ
 * with `pivots`, on the structure in the factorization's block at `base` (see Symbolic). On
 * failure the failing column (permuted numbering) is returned and `lx` holds no factor.
 * @throws {ShapeError} when the workspace cannot fit in WASM memory.
 * @throws {OutOfMemoryError} when WASM memory cannot provide the workspace.
 */
export function factorNumeric(
  sym: Symbolic,
  base: number,
  values: Float64Array,
  pivots: PivotRule | undefined,
  lx: number,
): NumericOutcome {
  const k = kernels();
  const temps = new Blocks();
  const what = 'the sparse factorization workspace';
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
      base + sym.sfirst,
      base + sym.srowptr,
      base + sym.svalptr,
      base + sym.srows,
      base + sym.colsuper,
      values.length,
      ax,
      base + sym.dest,
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
    if (info === 0) return { ok: true, regularized };
    if (!ldl) return { ok: false, kind: 'not-positive', column: info - 1 };
    return { ok: false, kind: kind === 2 ? 'sign' : 'zero', column };
  } finally {
    temps.freeAll();
  }
}
