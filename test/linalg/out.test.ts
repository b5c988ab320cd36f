import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  bicgstab,
  cg,
  cholesky,
  denseOperator,
  gmres,
  hypergradient,
  implicitJacobian,
  ldlt,
  lu,
  Matrix,
  matmul,
  matvec,
  minres,
  prepare,
  ShapeError,
  SparseMatrix,
} from '../../src/index.js';
import {
  generalWithSingularValues,
  logSpaced,
  randomMatrix,
  randomVector,
  spdWithEigenvalues,
} from '../helpers/random.js';

// The optional `out` argument of the hot functions: the result is written there and returned, with
// the same bits as without it; a wrong type is an ArgumentError, a wrong length a ShapeError.

const n = 12;
const A = spdWithEigenvalues(logSpaced(n, 100), 1);
const G = generalWithSingularValues(logSpaced(n, 100), 2);
const S = spdWithEigenvalues(logSpaced(n, 100), 3);
for (let i = 0; i < n; i++) S.data[i * n + i] -= 0.02; // symmetric indefinite
const b = randomVector(n, 4);
const B = randomMatrix(n, 3, 5);
const bits = (x: Float64Array | Matrix) => Array.from(x instanceof Matrix ? x.data : x);

const factorizations = {
  cholesky: () => cholesky(A),
  lu: () => lu(G),
  ldlt: () => ldlt(S),
};

describe('out: the factorizations’ solves', () => {
  for (const [name, make] of Object.entries(factorizations)) {
    it(`${name}.solve writes into out, vector and Matrix, with the bits of the plain solve`, () => {
      using f = make();
      const out = new Float64Array(n);
      expect(f.solve(b, out)).toBe(out);
      expect(bits(out)).toEqual(bits(f.solve(b)));
      const X = new Matrix(n, 3);
      expect(f.solve(B, X)).toBe(X);
      expect(bits(X)).toEqual(bits(f.solve(B)));
      // In place: out may be b itself.
      const inPlace = Float64Array.from(b);
      f.solve(inPlace, inPlace);
      expect(bits(inPlace)).toEqual(bits(out));
      const M = new Matrix(n, 3, Float64Array.from(B.data));
      f.solve(M, M);
      expect(bits(M)).toEqual(bits(X));
    });

    it(`${name}.solve refuses a wrong out before writing anything`, () => {
      using f = make();
      expect(() => f.solve(b, new Float64Array(n - 1))).toThrow(ShapeError);
      expect(() => f.solve(b, new Float64Array(n - 1))).toThrow(/out has length 11, expected 12/);
      expect(() => f.solve(b, new Float32Array(n) as unknown as Float64Array)).toThrow(ArgumentError);
      expect(() => f.solve(b, new Float32Array(n) as unknown as Float64Array)).toThrow(
        /out must be a Float64Array of length 12, got a Float32Array/,
      );
      expect(() => f.solve(b, Array(n).fill(0) as unknown as Float64Array)).toThrow(ArgumentError);
      expect(() => f.solve(B, new Float64Array(3 * n) as unknown as Matrix)).toThrow(/out must be a Matrix of 12 × 3/);
      expect(() => f.solve(B, new Matrix(n, 2))).toThrow(/out is 12 × 2, expected 12 × 3/);
      expect(() => f.solve(b, new Matrix(n, 1) as unknown as Float64Array)).toThrow(ArgumentError);
      // A buffer transferred away leaves its arrays empty: the error says so.
      const gone = new Float64Array(n);
      structuredClone(gone, { transfer: [gone.buffer] });
      expect(() => f.solve(b, gone)).toThrow(/out has length 0, expected 12 \(its buffer was detached/);
      const untouched = new Float64Array(n + 1).fill(7);
      expect(() => f.solve(b, untouched)).toThrow(ShapeError);
      expect(untouched.every((v) => v === 7)).toBe(true);
    });
  }

  it('lu.solveTransposed writes into out with the bits of the plain solve', () => {
    using f = lu(G);
    const out = new Float64Array(n);
    expect(f.solveTransposed(b, out)).toBe(out);
    expect(bits(out)).toEqual(bits(f.solveTransposed(b)));
    const X = new Matrix(n, 3);
    expect(f.solveTransposed(B, X)).toBe(X);
    expect(bits(X)).toEqual(bits(f.solveTransposed(B)));
    expect(() => f.solveTransposed(b, new Float64Array(3))).toThrow(ShapeError);
  });
});

describe('out: matmul and matvec', () => {
  it('matmul writes C into out, which may share storage with A or B', () => {
    const C = randomMatrix(n, 5, 6);
    const out = new Matrix(n, 5);
    expect(matmul(G, C, out)).toBe(out);
    expect(bits(out)).toEqual(bits(matmul(G, C)));
    const square = new Matrix(n, n, Float64Array.from(G.data));
    const expected = bits(matmul(square, A));
    matmul(square, A, square); // A·B into A's storage: both were copied first
    expect(bits(square)).toEqual(expected);
    expect(() => matmul(G, C, new Matrix(5, n))).toThrow(/out is 5 × 12, expected 12 × 5/);
    expect(() => matmul(G, C, new Float64Array(60) as unknown as Matrix)).toThrow(ArgumentError);
  });

  it('matvec writes y into out (either orientation), which may be x itself', () => {
    const R = randomMatrix(n, 7, 7);
    const x = randomVector(7, 8);
    const out = new Float64Array(n);
    expect(matvec(R, x, false, out)).toBe(out);
    expect(bits(out)).toEqual(bits(matvec(R, x)));
    const outT = new Float64Array(7);
    expect(matvec(R, b, true, outT)).toBe(outT);
    expect(bits(outT)).toEqual(bits(matvec(R, b, true)));
    const v = Float64Array.from(b);
    matvec(A, v, false, v);
    expect(bits(v)).toEqual(bits(matvec(A, b)));
    expect(() => matvec(R, x, false, new Float64Array(7))).toThrow(/out has length 7, expected 12/);
    expect(() => matvec(R, x, false, [] as unknown as Float64Array)).toThrow(ArgumentError);
  });

  it('matvec refuses an out passed where transpose goes, instead of transposing', () => {
    const out = new Float64Array(n);
    expect(() => matvec(A, b, out as unknown as boolean)).toThrow(ArgumentError);
    expect(() => matvec(A, b, out as unknown as boolean)).toThrow(/out is the fourth argument/);
    expect(out.every((v) => v === 0)).toBe(true);
  });
});

describe('out: the Krylov solvers', () => {
  const solvers = {
    cg: (out?: Float64Array, x0?: Float64Array) => cg(denseOperator(A), b, { x0 }, out),
    minres: (out?: Float64Array, x0?: Float64Array) => minres(denseOperator(S), b, { x0 }, out),
    gmres: (out?: Float64Array, x0?: Float64Array) => gmres(denseOperator(G), b, { x0 }, out),
    bicgstab: (out?: Float64Array, x0?: Float64Array) => bicgstab(denseOperator(G), b, { x0 }, out),
  };
  for (const [name, run] of Object.entries(solvers)) {
    it(`${name} iterates in out and returns it as x, with the bits of the plain solve`, () => {
      const plain = run();
      expect(plain.converged).toBe(true);
      const out = new Float64Array(n).fill(Number.NaN); // overwritten: the start is x0 or zero
      const result = run(out);
      expect(result.x).toBe(out);
      expect(bits(out)).toEqual(bits(plain.x));
      expect(result.iterations).toBe(plain.iterations);
      // out may be x0 itself: a warm start in place.
      const x0 = Float64Array.from(plain.x, (v) => v * 0.9);
      const warm = run(undefined, Float64Array.from(x0));
      const inPlace = run(x0, x0);
      expect(inPlace.x).toBe(x0);
      expect(bits(x0)).toEqual(bits(warm.x));
    });

    it(`${name} refuses an out that shares memory with b, or of the wrong type or length`, () => {
      const solver = { cg, minres, gmres, bicgstab }[name]!;
      const op = denseOperator(name === 'minres' ? S : name === 'cg' ? A : G);
      const both = new Float64Array(2 * n);
      const rhs = both.subarray(0, n);
      rhs.set(b);
      const overlapping = both.subarray(n / 2, n / 2 + n);
      expect(() => solver(op, rhs, {}, overlapping)).toThrow(ArgumentError);
      expect(() => solver(op, rhs, {}, overlapping)).toThrow(new RegExp(`${name}: out shares memory with b`));
      expect(() => solver(op, b, {}, new Float64Array(n + 1))).toThrow(ShapeError);
      expect(() => solver(op, b, {}, new Float32Array(n) as unknown as Float64Array)).toThrow(ArgumentError);
      expect(() => solver(op, b, new Float64Array(n) as object)).toThrow(/an out array goes after the options/);
      // Separate halves of one buffer do not overlap.
      const other = both.subarray(n);
      const result = solver(op, rhs, {}, other);
      expect(result.x).toBe(other);
      expect(result.converged).toBe(true);
    });
  }
});

describe('out: hypergradient', () => {
  const C = randomMatrix(n, 5, 9);
  it('writes dL/dx into out with the bits of the plain call, from a matrix or a prepared solve', () => {
    const out = new Float64Array(5);
    expect(hypergradient(A, C, b, {}, out)).toBe(out);
    expect(bits(out)).toEqual(bits(hypergradient(A, C, b)));
    using p = prepare(A, { structure: 'spd' });
    const fromPrepared = new Float64Array(5);
    expect(hypergradient(p, C, b, {}, fromPrepared)).toBe(fromPrepared);
    expect(bits(fromPrepared)).toEqual(bits(hypergradient(p, C, b)));
    const op = denseOperator(C);
    const fromOperator = new Float64Array(5);
    expect(hypergradient(A, op, b, {}, fromOperator)).toBe(fromOperator);
    expect(bits(fromOperator)).toEqual(bits(hypergradient(A, op, b)));
  });

  it('out may be gradLoss itself (it is consumed by the solve first)', () => {
    const square = randomMatrix(n, n, 10);
    const g = Float64Array.from(b);
    const expected = bits(hypergradient(A, square, b));
    expect(hypergradient(A, square, g, {}, g)).toBe(g);
    expect(bits(g)).toEqual(expected);
  });

  it('out may share memory with crossHessian (read whole before out is written)', () => {
    const square = new Matrix(n, n, randomMatrix(n, n, 11).data);
    const expected = bits(hypergradient(A, new Matrix(n, n, square.data.slice()), b));
    const row = square.data.subarray(n, 2 * n);
    expect(hypergradient(A, square, b, {}, row)).toBe(row);
    expect(bits(row)).toEqual(expected);
  });

  it('refuses an out of a wrong type or length, or passed as the options', () => {
    expect(() => hypergradient(A, C, b, {}, new Float64Array(4))).toThrow(/out has length 4, expected 5/);
    expect(() => hypergradient(A, C, b, {}, [0, 0, 0, 0, 0] as unknown as Float64Array)).toThrow(ArgumentError);
    const out = new Float64Array(5);
    expect(() => hypergradient(A, C, b, out as unknown as object)).toThrow(ArgumentError);
    expect(() => hypergradient(A, C, b, out as unknown as object)).toThrow(/an out array goes after the options/);
  });
});

describe('out: PreparedSolve', () => {
  // A rank-deficient matrix for the least-squares policy: two equal rows and columns.
  const singular = Matrix.from([
    [2, 1, 1],
    [1, 2, 2],
    [1, 2, 2],
  ]);
  const kinds = {
    'dense spd': () => prepare(A, { structure: 'spd' }),
    'dense symmetric': () => prepare(S, { structure: 'symmetric' }),
    'dense general': () => prepare(G),
    'krylov (operator)': () => prepare(denseOperator(A), { structure: 'spd', tol: 1e-13 }),
    sparse: () => prepare(SparseMatrix.fromDense(A), { structure: 'spd' }),
    'onSingular lstsq': () => prepare(singular, { onSingular: 'lstsq' }),
  };
  for (const [name, make] of Object.entries(kinds)) {
    it(`${name}: solve and solveTransposed write into out (vector and Matrix, b itself too) with the bits of the plain solve`, () => {
      using p = make();
      const m = p.n;
      const rhs = b.subarray(0, m).slice();
      const R = new Matrix(m, 3, B.data.slice(0, 3 * m));
      for (const transposed of [false, true]) {
        const solve = (x: Float64Array | Matrix, out?: Float64Array | Matrix) =>
          transposed
            ? p.solveTransposed(x as Matrix, out as Matrix | undefined)
            : p.solve(x as Matrix, out as Matrix | undefined);
        const expected = bits(solve(rhs));
        const out = new Float64Array(m);
        expect(solve(rhs, out)).toBe(out);
        expect(bits(out)).toEqual(expected);
        const inPlace = rhs.slice();
        expect(solve(inPlace, inPlace)).toBe(inPlace);
        expect(bits(inPlace)).toEqual(expected);
        const expectedMany = bits(solve(R));
        const X = new Matrix(m, 3);
        expect(solve(R, X)).toBe(X);
        expect(bits(X)).toEqual(expectedMany);
        const M = new Matrix(m, 3, R.data.slice());
        expect(solve(M, M)).toBe(M);
        expect(bits(M)).toEqual(expectedMany);
      }
    });
  }

  it('refuses an out of the wrong type or size before solving', () => {
    using p = prepare(A, { structure: 'spd' });
    expect(() => p.solve(b, new Float64Array(n - 1))).toThrow(ShapeError);
    expect(() => p.solve(b, new Matrix(n, 1) as never)).toThrow(ArgumentError);
    expect(() => p.solve(B, new Float64Array(3 * n) as never)).toThrow(ArgumentError);
    expect(() => p.solveTransposed(B, new Matrix(n, 2))).toThrow(/out is 12 × 2, expected 12 × 3/);
    expect(() => p.solve(b, [0] as never)).toThrow(ArgumentError);
  });
});

describe('out: implicitJacobian', () => {
  const C = randomMatrix(n, 5, 12);
  it('writes −A⁻¹C into out with the bits of the plain call, from a matrix, an operator or a prepared solve', () => {
    const expected = bits(implicitJacobian(G, C));
    const out = new Matrix(n, 5);
    expect(implicitJacobian(G, C, {}, out)).toBe(out);
    expect(bits(out)).toEqual(expected);
    using p = prepare(G);
    const fromPrepared = new Matrix(n, 5);
    expect(implicitJacobian(p, C, {}, fromPrepared)).toBe(fromPrepared);
    expect(bits(fromPrepared)).toEqual(expected);
    const fromOperator = new Matrix(n, 5);
    expect(implicitJacobian(G, denseOperator(C), {}, fromOperator)).toBe(fromOperator);
    expect(bits(fromOperator)).toEqual(bits(implicitJacobian(G, denseOperator(C))));
  });

  it('out may be dFdx itself', () => {
    const expected = bits(implicitJacobian(G, C));
    const inPlace = new Matrix(n, 5, C.data.slice());
    expect(implicitJacobian(G, inPlace, {}, inPlace)).toBe(inPlace);
    expect(bits(inPlace)).toEqual(expected);
  });

  it('refuses an out of the wrong type or size before factoring', () => {
    expect(() => implicitJacobian(G, C, {}, new Matrix(n, 4))).toThrow(ShapeError);
    expect(() => implicitJacobian(G, C, {}, new Float64Array(5 * n) as never)).toThrow(ArgumentError);
    expect(() => implicitJacobian(G, C, new Matrix(n, 5) as never)).toThrow(ArgumentError);
  });
});
