// Matrix norms as LAPACK dlange/dlansy: ‖A‖₁ = max_j Σ_i |a_ij| (maximum absolute column sum) and
// ‖A‖∞ = max_i Σ_j |a_ij| (maximum absolute row sum). Row-major storage makes columns strided, so
// column sums are accumulated for a block of columns at a time in a static buffer while the rows
// are read contiguously; row sums run along the rows, two entries at a time.

// @ts-ignore: decorator
@inline
const CB: i32 = 512;
const sums: usize = memory.data(CB * 8, 16);

/**
 * y[j] += |x[j]| for the n unit-stride doubles at x and y, two lanes at a time: each sum takes its
 * terms in the same order as a scalar loop, so the bits are the same.
 */
// @ts-ignore: decorator
@inline
function addAbsInto(y: usize, x: usize, n: i32): void {
  let j = 0;
  for (; j + 1 < n; j += 2) {
    const o = <usize>j << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.abs(v128.load(x + o))));
  }
  if (j < n) {
    const o = <usize>j << 3;
    store<f64>(y + o, load<f64>(y + o) + Math.abs(load<f64>(x + o)));
  }
}

/** ‖A‖₁ of a general m×n matrix. */
export function norm1(m: i32, n: i32, a: usize, lda: i32): f64 {
  if (m <= 0 || n <= 0) return 0.0;
  const rs = <usize>lda << 3;
  let best = 0.0;
  for (let c0 = 0; c0 < n; c0 += CB) {
    const w = min(CB, n - c0);
    memory.fill(sums, 0, <usize>w << 3);
    for (let i = 0; i < m; i++) {
      addAbsInto(sums, a + <usize>i * rs + (<usize>c0 << 3), w);
    }
    for (let j = 0; j < w; j++) {
      const s = load<f64>(sums + (<usize>j << 3));
      // NaN anywhere makes the norm NaN, as dlange does.
      if (s > best || s != s) best = s;
    }
  }
  return best;
}

/**
 * ‖A‖₁ of the symmetric matrix whose lower triangle is stored: column j's sum is the part of row j
 * left of the diagonal (contiguous) plus the part of column j from the diagonal down.
 */
export function norm1SymLower(n: i32, a: usize, lda: i32): f64 {
  if (n <= 0) return 0.0;
  const rs = <usize>lda << 3;
  let best = 0.0;
  for (let c0 = 0; c0 < n; c0 += CB) {
    const w = min(CB, n - c0);
    for (let j = 0; j < w; j++) {
      const rj = a + <usize>(c0 + j) * rs;
      let s = 0.0;
      for (let p = 0; p < c0 + j; p++) s += Math.abs(load<f64>(rj + (<usize>p << 3)));
      store<f64>(sums + (<usize>j << 3), s);
    }
    for (let i = c0; i < n; i++) {
      addAbsInto(sums, a + <usize>i * rs + (<usize>c0 << 3), min(w, i - c0 + 1));
    }
    for (let j = 0; j < w; j++) {
      const s = load<f64>(sums + (<usize>j << 3));
      if (s > best || s != s) best = s;
    }
  }
  return best;
}

/** ‖A‖∞ of a general m×n matrix (NaN anywhere makes it NaN, as dlange does). */
export function normInf(m: i32, n: i32, a: usize, lda: i32): f64 {
  if (m <= 0 || n <= 0) return 0.0;
  const rs = <usize>lda << 3;
  let best = 0.0;
  for (let i = 0; i < m; i++) {
    const r = a + <usize>i * rs;
    let acc = f64x2.splat(0.0);
    let j = 0;
    for (; j + 2 <= n; j += 2) acc = f64x2.add(acc, f64x2.abs(v128.load(r + (<usize>j << 3))));
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    if (j < n) s += Math.abs(load<f64>(r + (<usize>j << 3)));
    if (s > best || s != s) best = s;
  }
  return best;
}
