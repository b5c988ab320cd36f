import { allocF64, copyF64, f64View, free, readFirst, writeF64 } from '../wasm/heap.js';
import { kernels } from '../wasm/instance.js';
import type { DenseQP } from './problem.js';
import type { QPOperands } from './products.js';

/**
 * Q, A and G of one QP copied once into WebAssembly memory, for the many products of an
 * interior-point solve: each product then moves only its vectors (O(n)) across, and runs on the
 * SIMD gemv kernel; the Gram matrix Q + GᵀDG of the reduced Newton system runs on syrk.
 */
export class ResidentOperands implements QPOperands {
  readonly #n: number;
  readonly #p: number;
  readonly #m: number;
  #block: number;
  readonly #q: number;
  readonly #a: number;
  readonly #g: number;
  /** m × n: G with its rows scaled, for the Gram matrix. */
  readonly #scaled: number;
  /** n × n: the Gram matrix. */
  readonly #h: number;
  readonly #in: number;
  readonly #out: number;

  constructor(qp: DenseQP) {
    const { n, p, m } = qp;
    this.#n = n;
    this.#p = p;
    this.#m = m;
    const longest = Math.max(n, p, m);
    const sizes = [n * n, p * n, m * n, m * n, n * n, longest, longest];
    const total = sizes.reduce((s, t) => s + t, 0);
    this.#block = allocF64(total, 'the QP data in WebAssembly memory');
    const offsets: number[] = [];
    let at = this.#block;
    for (const size of sizes) {
      offsets.push(at);
      at += 8 * size;
    }
    [this.#q, this.#a, this.#g, this.#scaled, this.#h, this.#in, this.#out] = offsets;
    writeF64(this.#q, qp.Q);
    writeF64(this.#a, qp.A);
    writeF64(this.#g, qp.G);
  }

  /** out = Q·x. */
  Q(x: Float64Array, out: Float64Array): Float64Array {
    return this.#gemv(0, this.#q, this.#n, this.#n, x, out);
  }

  /** out = A·x. */
  A(x: Float64Array, out: Float64Array): Float64Array {
    return this.#gemv(0, this.#a, this.#p, this.#n, x, out);
  }

  /** out = Aᵀ·y. */
  At(y: Float64Array, out: Float64Array): Float64Array {
    return this.#gemv(1, this.#a, this.#p, this.#n, y, out);
  }

  /** out = G·x. */
  G(x: Float64Array, out: Float64Array): Float64Array {
    return this.#gemv(0, this.#g, this.#m, this.#n, x, out);
  }

  /** out = Gᵀ·y. */
  Gt(y: Float64Array, out: Float64Array): Float64Array {
    return this.#gemv(1, this.#g, this.#m, this.#n, y, out);
  }

  /**
   * The lower triangle of Q + Gᵀ·diag(d)·G (n × n, row-major; the upper triangle holds Q's):
   * the rows of G scaled by √dᵢ, then one syrk.
   */
  gram(d: Float64Array): Float64Array {
    const n = this.#n;
    const m = this.#m;
    const k = kernels();
    const G = f64View(this.#g, m * n);
    const S = f64View(this.#scaled, m * n);
    for (let i = 0; i < m; i++) {
      const f = Math.sqrt(d[i]);
      const row = i * n;
      for (let j = 0; j < n; j++) S[row + j] = G[row + j] * f;
    }
    copyF64(this.#h, this.#q, n * n);
    if (m > 0) k.syrk(0, 1, n, m, 1, this.#scaled, Math.max(1, n), 1, this.#h, Math.max(1, n));
    const H = new Float64Array(n * n);
    readFirst(this.#h, H, n * n);
    return H;
  }

  dispose(): void {
    if (this.#block !== 0) free(this.#block);
    this.#block = 0;
  }

  #gemv(trans: number, a: number, rows: number, cols: number, x: Float64Array, out: Float64Array): Float64Array {
    const length = trans ? cols : rows;
    if (length === 0) return out;
    if ((trans ? rows : cols) === 0) return out.fill(0);
    writeF64(this.#in, x);
    kernels().gemv(trans, rows, cols, 1, a, cols, this.#in, 0, this.#out);
    readFirst(this.#out, out, length);
    return out;
  }
}
