import { describe, expect, it } from 'vitest';
import {
  bicgstab,
  cg,
  cholesky,
  denseOperator,
  gmres,
  hypergradient,
  implicitArgmin,
  implicitJacobian,
  ldlt,
  lstsq,
  lu,
  Matrix,
  matmul,
  matvec,
  minres,
  prepare,
  refineSolution,
  solve,
} from '../../src/index.js';
import { randomMatrix, randomVector, spdWithEigenvalues } from '../helpers/random.js';

// Every array the library returns owns its buffer: it can be transferred to a worker
// (postMessage(x, [x.buffer])) or cloned without touching anything else. n = 12 gives results of
// 96 bytes (vectors) and 1,152 bytes (matrices), in the range that was once carved out of shared
// 16 KiB buffers.

const n = 12;
const A = spdWithEigenvalues(
  Float64Array.from({ length: n }, (_, i) => 1 + i),
  1,
);
const G = randomMatrix(n, n, 2);
const b = randomVector(n, 3);
const B = randomMatrix(n, 3, 4);

/** Every public function that returns an array, with the array it returns. */
function results(): Record<string, Float64Array | Int32Array> {
  const c = cholesky(A);
  const f = lu(G);
  const d = ldlt(A);
  const op = denseOperator(A);
  const argmin = implicitArgmin({
    solve: () => solve(A, b),
    grad: (_x: Float64Array, y: Float64Array) => {
      const g = matvec(A, y);
      for (let i = 0; i < n; i++) g[i] -= b[i];
      return g;
    },
    hessian: () => A,
    crossHessian: () => Matrix.identity(n),
  });
  const factors = d.factors();
  const p = prepare(G);
  const x0 = f.solve(b);
  return {
    'new Matrix': new Matrix(n, n).data,
    'Matrix.from': Matrix.from(A.toArray()).data,
    'Matrix.identity': Matrix.identity(n).data,
    'Matrix.transpose': G.transpose().data,
    'cholesky.solve': c.solve(b),
    'cholesky.solve(Matrix)': c.solve(B).data,
    'cholesky.factor': c.factor().data,
    'lu.solve': f.solve(b),
    'lu.solveTransposed': f.solveTransposed(b),
    'lu.solve(Matrix)': f.solve(B).data,
    'ldlt.solve': d.solve(b),
    'ldlt.factors L': factors.L.data,
    'ldlt.factors D': factors.D.data,
    'ldlt.factors perm': factors.perm,
    matmul: matmul(A, G).data,
    matvec: matvec(G, b),
    'matvec transposed': matvec(G, b, true),
    solve: solve(G, b),
    'solve(Matrix)': solve(G, B).data,
    'prepare.solve': p.solve(b),
    'prepare.solveTransposed': p.solveTransposed(b),
    'prepare.solve(Matrix)': p.solve(B).data,
    refineSolution: refineSolution(G, b, x0, (r) => f.solve(r)).x,
    lstsq: lstsq(G, b).x,
    hypergradient: hypergradient(A, G, b),
    implicitJacobian: implicitJacobian(G, A).data,
    cg: cg(op, b).x,
    minres: minres(op, b).x,
    gmres: gmres(op, b).x,
    bicgstab: bicgstab(op, b).x,
    'operator.matvec': op.matvec(b),
    'operator.rmatvec': op.rmatvec!(b),
    'implicitArgmin.vjp': argmin.vjp(new Float64Array(n), b).cotangent,
    'implicitArgmin.jvp': argmin.jvp(new Float64Array(n), b).tangent,
    'implicitArgmin.jacobian': argmin.jacobian(new Float64Array(n)).jacobian.data,
  };
}

describe('results own their memory', () => {
  it('x.buffer.byteLength === x.byteLength for every result of the public API', () => {
    for (const [name, x] of Object.entries(results())) {
      expect({ name, bytes: x.buffer.byteLength }).toEqual({ name, bytes: x.byteLength });
      expect({ name, offset: x.byteOffset }).toEqual({ name, offset: 0 });
    }
  });

  it('structuredClone copies the result only', () => {
    for (const [name, x] of Object.entries(results())) {
      const copy = structuredClone(x);
      expect({ name, bytes: copy.buffer.byteLength }).toEqual({ name, bytes: x.byteLength });
      expect(Array.from(copy)).toEqual(Array.from(x));
    }
  });

  it('transferring one result leaves every other result, and later calls, intact', async () => {
    const c = cholesky(A);
    const kept = results();
    const values = Object.fromEntries(Object.entries(kept).map(([k, v]) => [k, Array.from(v)]));
    const sent = c.solve(b);
    const expected = Array.from(sent);
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Float64Array>((resolve) => {
      port2.onmessage = (event) => resolve(event.data as Float64Array);
    });
    port1.postMessage(sent, [sent.buffer]);
    expect(sent.length).toBe(0); // detached: the transfer took its buffer
    expect(Array.from(await received)).toEqual(expected);
    port1.close();
    port2.close();
    for (const [name, x] of Object.entries(kept)) expect({ name, x: Array.from(x) }).toEqual({ name, x: values[name] });
    // The next calls work and agree with the first.
    expect(Array.from(c.solve(b))).toEqual(expected);
    expect(Array.from(matvec(G, b))).toEqual(values.matvec);
    c.dispose();
  });
});
