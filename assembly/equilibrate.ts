// Equilibration by powers of two, as LAPACK dgeequb/dlaqge (general matrices) and, for symmetric
// ones, a symmetric scaling S·A·S from the row maxima (one step of Ruiz's iteration, "A scaling
// algorithm to equilibrate both rows and columns norms in matrices", RAL-TR-2001-034; for a
// positive definite matrix it is within a factor 4 of dpoequb's 1/√a_ii). Scaling factors are
// powers of two, so multiplying by them is exact (short of overflow or underflow) and the scaled
// system has the same solution up to the scaling. The scaling is applied only when it is needed, by
// dlaqge's rule: rows when the row maxima vary by more than a factor 10 (rowcnd < 0.1) or the
// largest entry is within 2^±970 of the overflow or underflow threshold; columns when the column
// maxima (of the row-scaled matrix) vary by more than a factor 10. A well-scaled matrix is left as
// it is, bit for bit.
//
// Differences from LAPACK: the exponent of a row maximum is taken exactly from its bits (LAPACK's
// INT(LOG(x)/LOG(2)) truncates toward zero and can be one off at exact powers of two), so that
// every scaled row and column maximum lies in [1, 2).

/** dlamch('S'): the smallest normal double, 2⁻¹⁰²²; scaling factors are clamped to [SMLNUM, 1/SMLNUM]. */
const SMLNUM: f64 = reinterpret<f64>(<u64>1 << 52);
/** dlaqge's SMALL = dlamch('S') / dlamch('P') = 2⁻¹⁰²² / 2⁻⁵² = 2⁻⁹⁷⁰; LARGE = 1 / SMALL. */
const SMALL: f64 = reinterpret<f64>(<u64>(1023 - 970) << 52);
const LARGE: f64 = reinterpret<f64>(<u64>(1023 + 970) << 52);
/** dlaqge's THRESH: scale when the ratio of the smallest to the largest maximum is below it. */
const THRESH: f64 = 0.1;

/** ⌊log₂ x⌋ for finite x > 0, exactly: from the exponent bits (subnormals scaled by 2⁵² first). */
// @ts-ignore: decorator
@inline
export function log2Floor(x: f64): i32 {
  const e = <i32>((reinterpret<u64>(x) >> 52) & 0x7ff);
  if (e !== 0) return e - 1023;
  return <i32>((reinterpret<u64>(x * 4503599627370496.0) >> 52) & 0x7ff) - 1023 - 52;
}

/** 2^e for e in [−1022, 1023], built from its bits. */
// @ts-ignore: decorator
@inline
export function pow2(e: i32): f64 {
  return reinterpret<f64>(<u64>(e + 1023) << 52);
}

/** 2^−⌊log₂ x⌋ clamped to [2⁻¹⁰²², 2¹⁰²²]: the power of two that brings x into [1, 2). */
// @ts-ignore: decorator
@inline
function inversePow2(x: f64): f64 {
  return pow2(-max(-1022, min(1022, log2Floor(x))));
}

/**
 * Row and column scalings of the m×n matrix A as LAPACK dgeequb: r[i] = 2^−⌊log₂ maxⱼ|aᵢⱼ|⌋ and
 * c[j] = 2^−⌊log₂ maxᵢ rᵢ|aᵢⱼ|⌋, so that every row and column maximum of diag(r)·A·diag(c) lies in
 * [1, 2) (up to the clamping to [2⁻¹⁰²², 2¹⁰²²]). Writes out[0] = rowcnd = minᵢ rmaxᵢ / maxᵢ rmaxᵢ
 * (rmaxᵢ the maximum of row i, clamped to [2⁻¹⁰²², 2¹⁰²²] as LAPACK), out[1] = colcnd (likewise for the columns of diag(r)·A), out[2] = amax
 * = maxᵢⱼ |aᵢⱼ|. Returns info: 0, i + 1 when row i is exactly zero, m + j + 1 when column j is (r, c
 * then incomplete). A must be finite.
 */
export function geequb(m: i32, n: i32, a: usize, lda: i32, r: usize, c: usize, out: usize): i32 {
  store<f64>(out, 1.0);
  store<f64>(out, 1.0, 8);
  store<f64>(out, 0.0, 16);
  if (m <= 0 || n <= 0) return 0;
  const rs = <usize>lda << 3;
  let rmin = Infinity;
  let rmax = 0.0;
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * rs;
    const big = maxAbsFrom(0.0, row, n);
    if (big === 0.0) return i + 1;
    rmin = min(rmin, big);
    rmax = max(rmax, big);
    store<f64>(r + (<usize>i << 3), inversePow2(big));
  }
  store<f64>(out, max(rmin, SMLNUM) / min(rmax, 1.0 / SMLNUM));
  store<f64>(out, rmax, 16);
  for (let j = 0; j < n; j++) store<f64>(c + (<usize>j << 3), 0.0);
  for (let i = 0; i < m; i++) maxScaledInto(c, a + <usize>i * rs, load<f64>(r + (<usize>i << 3)), n);
  let cmin = Infinity;
  let cmax = 0.0;
  for (let j = 0; j < n; j++) {
    const q = c + (<usize>j << 3);
    const big = load<f64>(q);
    if (big === 0.0) return m + j + 1;
    cmin = min(cmin, big);
    cmax = max(cmax, big);
    store<f64>(q, inversePow2(big));
  }
  store<f64>(out, max(cmin, SMLNUM) / min(cmax, 1.0 / SMLNUM), 8);
  return 0;
}

/**
 * Applies geequb's scalings to A in place where dlaqge would: rows when rowcnd < 0.1 or amax lies
 * outside [2⁻⁹⁷⁰, 2⁹⁷⁰], columns when colcnd < 0.1; a scaling not applied is reset to ones in r or c.
 * Each entry becomes (aᵢⱼ·rᵢ)·cⱼ, in that order (rᵢ·cⱼ alone could overflow). Returns equed: 0 none,
 * 1 rows, 2 columns, 3 both.
 */
export function laqge(
  m: i32,
  n: i32,
  a: usize,
  lda: i32,
  r: usize,
  c: usize,
  rowcnd: f64,
  colcnd: f64,
  amax: f64,
): i32 {
  if (m <= 0 || n <= 0) return 0;
  const rows = rowcnd < THRESH || amax < SMALL || amax > LARGE;
  const cols = colcnd < THRESH;
  if (!rows) for (let i = 0; i < m; i++) store<f64>(r + (<usize>i << 3), 1.0);
  if (!cols) for (let j = 0; j < n; j++) store<f64>(c + (<usize>j << 3), 1.0);
  if (!rows && !cols) return 0;
  const rs = <usize>lda << 3;
  for (let i = 0; i < m; i++) {
    const row = a + <usize>i * rs;
    const ri = load<f64>(r + (<usize>i << 3));
    for (let j = 0; j < n; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, load<f64>(p) * ri * load<f64>(c + (<usize>j << 3)));
    }
  }
  return (rows ? 1 : 0) | (cols ? 2 : 0);
}

/**
 * A symmetric scaling of the symmetric n×n matrix whose lower triangle is stored: s[i] =
 * 2^−⌊⌊log₂ maxⱼ|aᵢⱼ|⌋ / 2⌋ (the row maximum over the whole symmetric matrix), so that S·A·S has
 * entries at most 4 in magnitude (|aᵢⱼ| ≤ min(rmaxᵢ, rmaxⱼ) ≤ √(rmaxᵢ·rmaxⱼ)). Writes out[0] =
 * scond = √(minᵢ rmaxᵢ / maxᵢ rmaxᵢ) and out[1] = amax = maxᵢⱼ |aᵢⱼ|. Returns info: 0, or i + 1 when
 * row i is exactly zero (s then incomplete). A must be finite.
 */
export function syequb(n: i32, a: usize, lda: i32, s: usize, out: usize): i32 {
  store<f64>(out, 1.0);
  store<f64>(out, 0.0, 8);
  if (n <= 0) return 0;
  const rs = <usize>lda << 3;
  for (let i = 0; i < n; i++) store<f64>(s + (<usize>i << 3), 0.0);
  // Entry (i, j), j ≤ i, of the lower triangle belongs to rows i and j.
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    const qi = s + (<usize>i << 3);
    const before = load<f64>(qi);
    maxScaledInto(s, row, 1.0, i + 1);
    store<f64>(qi, maxAbsFrom(before, row, i + 1));
  }
  let rmin = Infinity;
  let rmax = 0.0;
  for (let i = 0; i < n; i++) {
    const q = s + (<usize>i << 3);
    const big = load<f64>(q);
    if (big === 0.0) return i + 1;
    rmin = min(rmin, big);
    rmax = max(rmax, big);
    // ⌊e/2⌋ for negative e too (an arithmetic shift rounds toward −∞)
    store<f64>(q, pow2(-(max(-1022, min(1022, log2Floor(big))) >> 1)));
  }
  store<f64>(out, Math.sqrt(max(rmin, SMLNUM) / min(rmax, 1.0 / SMLNUM)));
  store<f64>(out, rmax, 8);
  return 0;
}

/**
 * Applies syequb's scaling to the lower triangle of A in place where dlaqsy would: when
 * scond < 0.1 or amax lies outside [2⁻⁹⁷⁰, 2⁹⁷⁰]; otherwise s is reset to ones. Each entry becomes
 * (aᵢⱼ·sᵢ)·sⱼ. Returns 1 when applied, 0 when not.
 */
export function laqsy(n: i32, a: usize, lda: i32, s: usize, scond: f64, amax: f64): i32 {
  if (n <= 0) return 0;
  if (!(scond < THRESH || amax < SMALL || amax > LARGE)) {
    for (let i = 0; i < n; i++) store<f64>(s + (<usize>i << 3), 1.0);
    return 0;
  }
  const rs = <usize>lda << 3;
  for (let i = 0; i < n; i++) {
    const row = a + <usize>i * rs;
    const si = load<f64>(s + (<usize>i << 3));
    for (let j = 0; j <= i; j++) {
      const p = row + (<usize>j << 3);
      store<f64>(p, load<f64>(p) * si * load<f64>(s + (<usize>j << 3)));
    }
  }
  return 1;
}

// The scans below run on f64x2 lanes: a maximum is exact whatever the order of its operands, and
// |x|·s is one rounding either way, so they give the scalar loops' bits. They take the pseudo-maximum
// (b < a ? a : b, one maxpd on x86) instead of IEEE max, whose NaN and −0 rules cost engines several
// instructions: the entries are finite (A is checked first) and their absolute values carry no −0.

/** max(init, maxⱼ |x[j]|) over the n unit-stride doubles at x. */
function maxAbsFrom(init: f64, x: usize, n: i32): f64 {
  let m0 = f64x2.splat(init);
  let m1 = m0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const o = <usize>j << 3;
    m0 = f64x2.pmax(m0, f64x2.abs(v128.load(x + o)));
    m1 = f64x2.pmax(m1, f64x2.abs(v128.load(x + o, 16)));
  }
  const m = f64x2.pmax(m0, m1);
  let big = pmax(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  for (; j < n; j++) big = pmax(big, Math.abs(load<f64>(x + (<usize>j << 3))));
  return big;
}

/** y[j] = max(y[j], |x[j]|·s) for the n unit-stride doubles at x and y. */
function maxScaledInto(y: usize, x: usize, s: f64, n: i32): void {
  const sv = f64x2.splat(s);
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.pmax(v128.load(y + o), f64x2.mul(f64x2.abs(v128.load(x + o)), sv)));
  }
  for (; j < n; j++) {
    const q = y + (<usize>j << 3);
    store<f64>(q, pmax(load<f64>(q), Math.abs(load<f64>(x + (<usize>j << 3))) * s));
  }
}

/** b < a ? a : b, the scalar pseudo-maximum. */
// @ts-ignore: decorator
@inline
function pmax(a: f64, b: f64): f64 {
  return select<f64>(a, b, b < a);
}
