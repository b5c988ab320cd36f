// Householder reflectors H = I − τ·v·vᵀ with v₀ = 1, as LAPACK dlarfg, and their application to
// the rows of a matrix, as LAPACK dorm2r/dlarf, for row-major storage: a reflector's vector lies
// in a column of A (stride lda), and applying H to B (m × nrhs) from the left is
//   w = vᵀ·B (an accumulation of rows of B, contiguous),  B ← B − τ·v·w (an axpy per row).

/** Overflow-safe ‖x‖₂ of n elements at stride `inc` (elements): the largest |xᵢ| is factored out. */
export function nrm2(n: i32, x: usize, inc: i32): f64 {
  const step = <usize>inc << 3;
  let scale = 0.0;
  for (let i = 0; i < n; i++) scale = max(scale, Math.abs(load<f64>(x + <usize>i * step)));
  if (scale == 0.0 || !isFinite(scale)) return scale;
  const r = 1.0 / scale;
  let s = 0.0;
  for (let i = 0; i < n; i++) {
    const t = load<f64>(x + <usize>i * step) * r;
    s += t * t;
  }
  return scale * Math.sqrt(s);
}

/**
 * Generates H with H·[α; x] = [β; 0] (as dlarfg): x (n − 1 elements below α, at stride `inc`) is
 * overwritten by v₁…, α by β, and τ is returned: β = −sign(α)·‖[α; x]‖₂, τ = (β − α)/β,
 * v = x/(α − β). τ = 0 (H = I) when x = 0.
 */
export function larfg(n: i32, alpha: usize, inc: i32): f64 {
  if (n <= 1) return 0.0;
  const step = <usize>inc << 3;
  const x = alpha + step;
  const xnorm = nrm2(n - 1, x, inc);
  if (xnorm == 0.0) return 0.0;
  const a = load<f64>(alpha);
  // hypot without overflow: both are ≥ 0 after abs; the larger factored out.
  const big = max(Math.abs(a), xnorm);
  const small = min(Math.abs(a), xnorm);
  const q = small / big;
  const norm = big * Math.sqrt(1.0 + q * q);
  const beta = a >= 0.0 ? -norm : norm;
  const tau = (beta - a) / beta;
  const r = 1.0 / (a - beta);
  for (let i = 0; i < n - 1; i++) {
    const p = x + <usize>i * step;
    store<f64>(p, load<f64>(p) * r);
  }
  store<f64>(alpha, beta);
  return tau;
}

/**
 * Applies H = I − τ·v·vᵀ from the left to the m × nc block at `b` (row stride ldb), v = [1; v₁…]
 * with v₁… at `v` + k·inc for k = 1 … m − 1 (a column of the factored matrix); w holds nc f64.
 */
export function larfLeft(m: i32, nc: i32, v: usize, inc: i32, tau: f64, b: usize, ldb: i32, w: usize): void {
  if (tau == 0.0 || m <= 0 || nc <= 0) return;
  const rs = <usize>ldb << 3;
  const step = <usize>inc << 3;
  memory.copy(w, b, <usize>nc << 3);
  for (let i = 1; i < m; i++) {
    const vi = load<f64>(v + <usize>i * step);
    if (vi != 0.0) axpyTo(nc, vi, b + <usize>i * rs, w);
  }
  axpyTo(nc, -tau, w, b);
  for (let i = 1; i < m; i++) {
    const vi = load<f64>(v + <usize>i * step);
    if (vi != 0.0) axpyTo(nc, -tau * vi, w, b + <usize>i * rs);
  }
}

/** y[i] += s·x[i], i < n, unit strides; f64x2. */
// @ts-ignore: decorator
@inline
export function axpyTo(n: i32, s: f64, x: usize, y: usize): void {
  const sv = f64x2.splat(s);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    v128.store(y + o, f64x2.add(v128.load(y + o), f64x2.mul(sv, v128.load(x + o))));
    v128.store(y + o, f64x2.add(v128.load(y + o, 16), f64x2.mul(sv, v128.load(x + o, 16))), 16);
  }
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(y + o, load<f64>(y + o) + s * load<f64>(x + o));
  }
}

/**
 * B ← Qᵀ·B (trans = 1) or Q·B (trans = 0) for Q = H₀·H₁·…·H_{k−1} from geqp3/geqrf's factored
 * m-row matrix `a` (reflector j: v = [1; a[j+1:m, j]], τ = tau[j]), as LAPACK dormqr with
 * side = 'L'. B is m × nrhs; work holds nrhs f64.
 */
export function ormqr(
  trans: i32,
  m: i32,
  nrhs: i32,
  k: i32,
  a: usize,
  lda: i32,
  tau: usize,
  b: usize,
  ldb: i32,
  work: usize,
): void {
  if (m <= 0 || nrhs <= 0 || k <= 0) return;
  const rs = <usize>lda << 3;
  const bs = <usize>ldb << 3;
  // Qᵀ = H_{k−1}·…·H₀ applies H₀ first; Q applies H_{k−1} first.
  for (let t = 0; t < k; t++) {
    const j = trans != 0 ? t : k - 1 - t;
    const vj = a + <usize>j * rs + (<usize>j << 3);
    larfLeft(m - j, nrhs, vj, lda, load<f64>(tau + (<usize>j << 3)), b + <usize>j * bs, ldb, work);
  }
}
