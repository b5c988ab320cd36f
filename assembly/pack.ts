// Packing of GEMM operands into the micro-kernel's layout (as BLIS packm): a block of op(A) into
// row micro-panels of MR = 4 rows, a block of op(B) into column micro-panels of NR = 4 columns,
// each stored step by step (p-major) so the micro-kernel streams both with unit stride. Edge
// panels are padded with zeros. alpha is folded into the packed A.
import { MR, NR } from './microkernel';

/**
 * Packs the mc×kc block of op(A) whose top-left entry op(A)[0][0] is at `a` (op(A)[i][p] is
 * a[i·lda + p] when trans = 0, a[p·lda + i] when trans = 1), scaled by alpha, into `dst`:
 * ceil(mc/4) micro-panels of 4·kc values.
 */
export function packA(trans: i32, mc: i32, kc: i32, alpha: f64, a: usize, lda: i32, dst: usize): void {
  const rs = <usize>lda << 3;
  const av = f64x2.splat(alpha);
  for (let i = 0; i < mc; i += MR) {
    const h = min(MR, mc - i);
    if (trans == 0) {
      if (h == MR) {
        const r0 = a + <usize>i * rs;
        const r1 = r0 + rs;
        const r2 = r1 + rs;
        const r3 = r2 + rs;
        for (let p = 0; p < kc; p++) {
          const o = <usize>p << 3;
          store<f64>(dst, alpha * load<f64>(r0 + o));
          store<f64>(dst, alpha * load<f64>(r1 + o), 8);
          store<f64>(dst, alpha * load<f64>(r2 + o), 16);
          store<f64>(dst, alpha * load<f64>(r3 + o), 24);
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let ii = 0; ii < MR; ii++) {
            const v = ii < h ? alpha * load<f64>(a + <usize>(i + ii) * rs + (<usize>p << 3)) : 0.0;
            store<f64>(dst + (<usize>ii << 3), v);
          }
          dst += 32;
        }
      }
    } else {
      const c0 = a + (<usize>i << 3);
      if (h == MR) {
        for (let p = 0; p < kc; p++) {
          const s = c0 + <usize>p * rs;
          v128.store(dst, f64x2.mul(av, v128.load(s)));
          v128.store(dst, f64x2.mul(av, v128.load(s, 16)), 16);
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = c0 + <usize>p * rs;
          for (let ii = 0; ii < MR; ii++) {
            store<f64>(dst + (<usize>ii << 3), ii < h ? alpha * load<f64>(s + (<usize>ii << 3)) : 0.0);
          }
          dst += 32;
        }
      }
    }
  }
}

/**
 * Packs the kc×nc block of op(B) whose top-left entry is at `b` (op(B)[p][j] is b[p·ldb + j] when
 * trans = 0, b[j·ldb + p] when trans = 1) into `dst`: ceil(nc/4) micro-panels of kc·4 values.
 */
export function packB(trans: i32, kc: i32, nc: i32, b: usize, ldb: i32, dst: usize): void {
  const rs = <usize>ldb << 3;
  for (let j = 0; j < nc; j += NR) {
    const w = min(NR, nc - j);
    if (trans == 0) {
      const c0 = b + (<usize>j << 3);
      if (w == NR) {
        for (let p = 0; p < kc; p++) {
          const s = c0 + <usize>p * rs;
          v128.store(dst, v128.load(s));
          v128.store(dst, v128.load(s, 16), 16);
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const s = c0 + <usize>p * rs;
          for (let jj = 0; jj < NR; jj++) {
            store<f64>(dst + (<usize>jj << 3), jj < w ? load<f64>(s + (<usize>jj << 3)) : 0.0);
          }
          dst += 32;
        }
      }
    } else {
      if (w == NR) {
        const r0 = b + <usize>j * rs;
        const r1 = r0 + rs;
        const r2 = r1 + rs;
        const r3 = r2 + rs;
        for (let p = 0; p < kc; p++) {
          const o = <usize>p << 3;
          store<f64>(dst, load<f64>(r0 + o));
          store<f64>(dst, load<f64>(r1 + o), 8);
          store<f64>(dst, load<f64>(r2 + o), 16);
          store<f64>(dst, load<f64>(r3 + o), 24);
          dst += 32;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let jj = 0; jj < NR; jj++) {
            const v = jj < w ? load<f64>(b + <usize>(j + jj) * rs + (<usize>p << 3)) : 0.0;
            store<f64>(dst + (<usize>jj << 3), v);
          }
          dst += 32;
        }
      }
    }
  }
}
