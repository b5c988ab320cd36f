import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newPrivateBytes } from '../internal.js';

describe('pooled private byte arrays', () => {
  it('are zero-filled, of the asked length, and never share bytes (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 200 }), (lengths) => {
        const arrays = lengths.map((n, k) => {
          const a = newPrivateBytes(n);
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

  it('start 8-byte aligned in their buffer', () => {
    for (let n = 0; n < 600; n += 7) {
      newPrivateBytes(n % 13);
      expect(newPrivateBytes(n).byteOffset % 8).toBe(0);
    }
  });
});
