import { describe, expect, it } from 'vitest';
import { cholesky, Matrix, matvec } from '../../src/index.js';

// A result transferred to a Web Worker (postMessage(x, [x.buffer])) takes only its own bytes:
// results computed before and after it are untouched.

const echo = `onmessage = (e) => postMessage({ length: e.data.length, bufferBytes: e.data.buffer.byteLength, values: Array.from(e.data) });`;

describe('transfer to a Web Worker', () => {
  it('moves the result alone; other results and later calls are intact', async () => {
    const n = 12;
    const A = Matrix.identity(n);
    for (let i = 0; i < n; i++) A.data[i * n + i] = 2 + i;
    const b = Float64Array.from({ length: n }, (_, i) => i - 3);
    const c = cholesky(A);
    const before = c.solve(b);
    const sent = c.solve(b);
    const other = matvec(A, b);
    const expected = Array.from(sent);
    const url = URL.createObjectURL(new Blob([echo], { type: 'text/javascript' }));
    const worker = new Worker(url);
    try {
      const reply = new Promise((resolve, reject) => {
        worker.onmessage = (event) => resolve(event.data);
        worker.onerror = (event) => reject(new Error(event.message));
      });
      worker.postMessage(sent, [sent.buffer]);
      expect(sent.length).toBe(0);
      expect(await reply).toEqual({ length: n, bufferBytes: 8 * n, values: expected });
    } finally {
      worker.terminate();
      URL.revokeObjectURL(url);
    }
    expect(Array.from(before)).toEqual(expected);
    expect(Array.from(other)).toEqual(Array.from(b, (v, i) => v * (2 + i)));
    expect(Array.from(c.solve(b))).toEqual(expected);
    c.dispose();
  });
});
