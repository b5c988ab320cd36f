import { describe, expect, it } from 'vitest';
import { backend, cholesky, ImplicitDiffError, init } from '../../src/index.js';
import { logSpaced, spdWithEigenvalues } from '../helpers/random.js';
import { factorResidual, naiveMatmul } from '../helpers/reference.js';

/**
 * Whether the engine accepts relaxed SIMD, asked with a hand-assembled module of one function
 * returning f64x2.relaxed_madd(2, 3, 1) (opcode 0xfd 0x107), independent of the library's builds.
 */
function engineHasRelaxedSimd(): boolean {
  const constant = (v: number) => [0xfd, 0x0c, ...new Uint8Array(new Float64Array([v, v]).buffer)];
  const body = [0x00, ...constant(2), ...constant(3), ...constant(1), 0xfd, 0x87, 0x02, 0x0b];
  const type = [0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b];
  const functions = [0x03, 0x02, 0x01, 0x00];
  const code = [0x0a, body.length + 2, 0x01, body.length, ...body];
  return WebAssembly.validate(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, ...type, ...functions, ...code]));
}

describe('backend', () => {
  it('uses the fused multiply-add build exactly where the engine supports relaxed SIMD', async () => {
    const expected = engineHasRelaxedSimd();
    expect(backend()).toEqual({ fma: expected, threads: 1 });
    await expect(init()).resolves.toEqual({ fma: expected, threads: 1 });
    await expect(init({ fma: expected })).resolves.toEqual({ fma: expected, threads: 1 });
    // Asking for the other build once the core runs (or for FMA where it is missing) is an error.
    await expect(init({ fma: !expected })).rejects.toThrow(ImplicitDiffError);
  });

  it('the active build meets the accuracy bound of the factorization tests', () => {
    const A = spdWithEigenvalues(logSpaced(200, 1e8), 77);
    using chol = cholesky(A);
    const L = chol.factor();
    expect(factorResidual(A, naiveMatmul(L, L.transpose()))).toBeLessThan(30);
  });
});
