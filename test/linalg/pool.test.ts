import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newFloat64Array, newUint8Array } from '../internal.js';

describe('pooled small typed arrays', () => {
  it('are zero-filled, of the asked length, and never share bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 700 }), { minLength: 1, maxLength: 200 }), (lengths) => {
        const arrays = lengths.map((n, k) => {
          const a = k % 2 ? newFloat64Array(n) : newUint8Array(n);
          expect(a.length).toBe(n);
          expect(a.every((v) => v === 0)).toBe(true);
          a.fill((k % 250) + 1);
          return a;
        });
        arrays.forEach((a, k) => {
          expect(a.every((v) => v === (k % 250) + 1)).toBe(true);
        });
      }),
      { numRuns: 50 },
    );
  });

  it('Float64Arrays are 8-byte aligned in their buffer', () => {
    for (let n = 0; n < 600; n += 7) {
      newUint8Array(n % 13);
      expect(newFloat64Array(n).byteOffset % 8).toBe(0);
    }
  });
});
