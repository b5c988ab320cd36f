import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { cholesky, Matrix, matvec } from '../../src/index.js';

// A result transferred to a worker thread (postMessage(x, [x.buffer])) takes only its own bytes:
// results computed before and after it are untouched.

const echo = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (x) => parentPort.postMessage({ length: x.length, bufferBytes: x.buffer.byteLength, values: Array.from(x) }));
`;

describe('transfer to a worker thread', () => {
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
    const worker = new Worker(echo, { eval: true });
    try {
      const reply = new Promise<{ length: number; bufferBytes: number; values: number[] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage(sent, [sent.buffer as ArrayBuffer]);
      expect(sent.length).toBe(0);
      expect(await reply).toEqual({ length: n, bufferBytes: 8 * n, values: expected });
    } finally {
      await worker.terminate();
    }
    expect(Array.from(before)).toEqual(expected);
    expect(Array.from(other)).toEqual(Array.from(b, (v, i) => v * (2 + i)));
    expect(Array.from(c.solve(b))).toEqual(expected);
    c.dispose();
  });
});
