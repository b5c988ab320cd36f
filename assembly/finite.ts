// The finiteness check of every input, run on the copy in linear memory: x − x is 0 for a finite
// x and NaN for NaN and ±∞, so one f64x2 subtraction and self-comparison tests two entries.

/** Index of the first entry of x[0:n] that is NaN or ±∞, or −1 when all are finite. */
export function firstNonFinite(x: usize, n: i32): i32 {
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const p = x + (<usize>i << 3);
    const a = v128.load(p);
    const b = v128.load(p, 16);
    const c = v128.load(p, 32);
    const d = v128.load(p, 48);
    const da = f64x2.sub(a, a);
    const db = f64x2.sub(b, b);
    const dc = f64x2.sub(c, c);
    const dd = f64x2.sub(d, d);
    const bad = v128.or(v128.or(f64x2.ne(da, da), f64x2.ne(db, db)), v128.or(f64x2.ne(dc, dc), f64x2.ne(dd, dd)));
    if (v128.any_true(bad)) break;
  }
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (v - v != 0.0) return i;
  }
  return -1;
}
