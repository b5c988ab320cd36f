import { describe, expect, it } from 'vitest';
import {
  ArgumentError,
  backwardError,
  bicgstab,
  cg,
  cholesky,
  denseOperator,
  gmres,
  jacobiPreconditioner,
  type LinearOperator,
  lapack,
  ldlt,
  lstsq,
  lu,
  Matrix,
  matmul,
  matvec,
  minres,
  NonFiniteError,
  prepare,
  refineSolution,
  ShapeError,
  shiftOperator,
  solve,
} from '../../src/index.js';

// The failures of issue 13's first list, each reproduced, and the validation rules of the README:
// entries must be numbers (nothing coerced), vectors are arrays of numbers or float typed arrays,
// lapack.* takes Float64Array/Int32Array only, option objects are plain and their keys known.

const spd = [
  [4, 1, 0],
  [1, 3, 1],
  [0, 1, 2],
];

describe('entries are numbers, never coerced', () => {
  it('cholesky([[4, null], [null, 4]]) is an ArgumentError naming the entry, not a solve with 0', () => {
    expect(() =>
      cholesky([
        [4, null as never],
        [null as never, 4],
      ]),
    ).toThrow(ArgumentError);
    expect(() =>
      cholesky([
        [4, null as never],
        [null as never, 4],
      ]),
    ).toThrow(/A\[0\]\[1\] is null/);
  });

  it.each([
    ['true', true],
    ['"7"', '7'],
    ['[5]', [5]],
    ['""', ''],
    ['5n', 5n],
    ['undefined', undefined],
    ['{}', {}],
  ])('an entry %s is refused in a matrix and in a vector', (_label, bad) => {
    expect(() =>
      lu([
        [1, bad as number],
        [0, 1],
      ]),
    ).toThrow(ArgumentError);
    expect(() =>
      lu([
        [1, bad as number],
        [0, 1],
      ]),
    ).toThrow(/A\[0\]\[1\] is /);
    expect(() =>
      solve(
        [
          [2, 0],
          [0, 2],
        ],
        [1, bad as number],
      ),
    ).toThrow(/b\[1\] is /);
    expect(() =>
      matvec(
        [
          [1, 0],
          [0, 1],
        ],
        [bad as number, 1],
      ),
    ).toThrow(ArgumentError);
  });

  it('a hole is refused by index', () => {
    // biome-ignore lint/suspicious/noSparseArray: the hole is the point
    const holey = [1, , 3] as number[];
    expect(() => solve(Matrix.identity(3), holey)).toThrow(/b\[1\] is a hole/);
    expect(() => Matrix.from([[1, 2, 3], holey])).toThrow(/rows\[1\]\[1\] is a hole/);
  });

  it('solve(A, "12") does not read the string as the vector [1, 2]', () => {
    expect(() =>
      solve(
        [
          [1, 0],
          [0, 1],
        ],
        '12' as never,
      ),
    ).toThrow(ArgumentError);
    expect(() =>
      solve(
        [
          [1, 0],
          [0, 1],
        ],
        '12' as never,
      ),
    ).toThrow(/b must be a Float64Array, a Float32Array or an array of numbers, got the string "12"/);
  });

  it('a string row is refused (it has a length, it is not a row)', () => {
    expect(() => matmul(['12', '34'] as never, [[1], [1]])).toThrow(/A\[0\] must be/);
  });

  it('NaN and ±Infinity stay NonFiniteError', () => {
    expect(() =>
      lu([
        [1, Number.NaN],
        [0, 1],
      ]),
    ).toThrow(NonFiniteError);
    expect(() =>
      solve(
        [
          [1, 0],
          [0, 1],
        ],
        [1, Number.NEGATIVE_INFINITY],
      ),
    ).toThrow(NonFiniteError);
  });

  it('Matrix: data of the wrong kind, set() of a non-number', () => {
    expect(() => new Matrix(1, 2, ['1', '2'] as never)).toThrow(/data\[0\] is the string "1"/);
    expect(() => new Matrix(1, 2, new Int32Array(2) as never)).toThrow(ArgumentError);
    expect(() => Matrix.identity(2).set(0, 0, '3' as never)).toThrow(ArgumentError);
    expect(() => Matrix.from('ab' as never)).toThrow(ArgumentError);
  });
});

describe('vectors: arrays of numbers, Float64Array, Float32Array (exactly converted)', () => {
  it('a Float32Array is converted exactly; so is a Float32Array row', () => {
    const b32 = new Float32Array([0.1, 0.2, 0.3]);
    const b64 = Float64Array.from(b32); // every float32 is a float64
    expect(solve(spd, b32)).toEqual(solve(spd, b64));
    const rows32 = spd.map((r) => new Float32Array(r));
    expect(lu(rows32).solve(b64)).toEqual(lu(spd).solve(b64));
  });

  it.each([
    ['Int32Array', new Int32Array(3)],
    ['Uint8Array', new Uint8Array(3)],
    ['BigInt64Array', new BigInt64Array(3)],
    ['an array-like object', { length: 3, 0: 1, 1: 2, 2: 3 }],
  ])('%s is refused as a vector', (_label, v) => {
    expect(() => solve(spd, v as never)).toThrow(ArgumentError);
    expect(() => cholesky(spd).solve(v as never)).toThrow(ArgumentError);
  });

  it('a wrong length stays a ShapeError', () => {
    expect(() => solve(spd, [1, 2])).toThrow(ShapeError);
  });
});

describe('options: plain objects with known keys', () => {
  it('a typo is an ArgumentError that names the key and lists the valid ones', () => {
    expect(() => solve(spd, [1, 2, 3], { asume: 'spd' } as never)).toThrow(ArgumentError);
    expect(() => solve(spd, [1, 2, 3], { asume: 'spd' } as never)).toThrow(
      /unknown option "asume"; valid keys: assume, refine/,
    );
    expect(() => lstsq(spd, [1, 2, 3], { rcnd: 1e-3 } as never)).toThrow(
      /"rcnd"; valid keys: rankTolerance, rcond, pivoting/,
    );
    expect(() => cg(denseOperator(Matrix.from(spd)), [1, 2, 3], { tolerance: 1e-3 } as never)).toThrow(/"tolerance"/);
  });

  it('a function with two lists of keys (its own and the shared linear-solve or Krylov ones) accepts and lists both', () => {
    const A = Matrix.from(spd);
    expect(() => prepare(A, { structure: 'spd', refine: false, checkSymmetry: true }).dispose()).not.toThrow();
    expect(() => prepare(A, { structur: 'spd' } as never)).toThrow(
      /unknown option "structur"; valid keys: structure, method, krylov, .*, onSingular$/,
    );
    expect(gmres(denseOperator(A), [1, 2, 3], { restart: 2, tol: 1e-12 }).converged).toBe(true);
    expect(() => gmres(denseOperator(A), [1, 2, 3], { restrat: 2 } as never)).toThrow(
      /unknown option "restrat"; valid keys: tol, .*restart/,
    );
  });

  it.each([
    ['a string', 'spd'],
    ['an array', []],
    ['a Map', new Map()],
    ['null', null],
    ['a class instance', new (class Options {})()],
  ])('%s as options is refused', (_label, options) => {
    expect(() => solve(spd, [1, 2, 3], options as never)).toThrow(ArgumentError);
    expect(() => gmres(denseOperator(Matrix.from(spd)), [1, 2, 3], options as never)).toThrow(ArgumentError);
  });

  it('an object without prototype is a plain object', () => {
    const o = Object.assign(Object.create(null), { assume: 'spd' });
    expect(solve(spd, [1, 2, 3], o)).toEqual(solve(spd, [1, 2, 3], { assume: 'spd' }));
  });

  it('option values are checked by type, not truthiness', () => {
    expect(() => solve(spd, [1, 2, 3], { refine: 'yes' as never })).toThrow(/options.refine must be true or false/);
    expect(() => lstsq(spd, [1, 2, 3], { rcond: '0.1' as never })).toThrow(ArgumentError);
    expect(() => lstsq(spd, [1, 2, 3], { rcond: Number.NaN })).toThrow(ArgumentError);
  });
});

describe('lapack.*: Float64Array data and Int32Array pivots only, checked before any kernel runs', () => {
  it('potrf on a Float32Array is refused, the array untouched (it used to write 2097152 into it)', () => {
    const a = new Float32Array([4, 1, 1, 4]);
    expect(() => lapack.potrf(2, a as never, 2)).toThrow(ArgumentError);
    expect(Array.from(a)).toEqual([4, 1, 1, 4]);
  });

  it('a number[] is refused before the kernel runs', () => {
    const a = [4, 1, 1, 4];
    expect(() => lapack.potrf(2, a as never, 2)).toThrow(/a must be a Float64Array, got an array of length 4/);
    expect(a).toEqual([4, 1, 1, 4]);
    const b = [1, 2];
    expect(() => lapack.potrs(2, 1, new Float64Array([2, 0, 0.5, 2]), 2, b as never, 1)).toThrow(ArgumentError);
    expect(b).toEqual([1, 2]);
  });

  it('a Float64Array pivot vector is refused', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    expect(() => lapack.getrf(2, 2, a, 2, new Float64Array(2) as never)).toThrow(/ipiv must be an Int32Array/);
    expect(Array.from(a)).toEqual([1, 2, 3, 4]);
    expect(() => lapack.getrs(0, 2, 1, a, 2, [0, 1] as never, new Float64Array(2), 1)).toThrow(ArgumentError);
  });

  it('junk alpha or beta is refused, not turned into NaN', () => {
    const a = new Float64Array([1, 2, 3, 4]);
    const c = new Float64Array(4);
    expect(() => lapack.gemm(0, 0, 2, 2, 2, 'x' as never, a, 2, a, 2, 0, c, 2)).toThrow(/alpha must be a number/);
    expect(() => lapack.gemm(0, 0, 2, 2, 2, 1, a, 2, a, 2, Number.NaN, c, 2)).toThrow(NonFiniteError);
    expect(() => lapack.gemv(0, 2, 2, undefined as never, a, 2, a, 0, c)).toThrow(ArgumentError);
    expect(() => lapack.syrk(0, 0, 2, 2, 1, a, 2, null as never, c, 2)).toThrow(ArgumentError);
    expect(() => lapack.trsm(0, 0, 0, 0, 2, 2, Number.POSITIVE_INFINITY, a, 2, c, 2)).toThrow(NonFiniteError);
    expect(Array.from(c)).toEqual([0, 0, 0, 0]);
  });
});

/** A 3 × 3 SPD operator whose products are replaced by `product`. */
function operator(product: (v: Float64Array) => unknown): LinearOperator {
  return { rows: 3, cols: 3, tags: ['positive-definite'], matvec: product as (v: Float64Array) => Float64Array };
}

const solvers = { cg, minres, gmres, bicgstab };

describe.each(Object.entries(solvers))('%s checks what it is given and what the operator returns', (name, solver) => {
  const A = denseOperator(Matrix.from(spd), ['positive-definite']);
  const b = [1, 2, 3];

  it("matvec: () => 'abc' is an ArgumentError naming matvec (it used to return converged: true)", () => {
    expect(() =>
      solver(
        operator(() => 'abc'),
        b,
      ),
    ).toThrow(ArgumentError);
    expect(() =>
      solver(
        operator(() => 'abc'),
        b,
      ),
    ).toThrow(new RegExp(`${name}: A\\.matvec must return`));
  });

  it('matvec returning NaN is a NonFiniteError, the wrong length a ShapeError, null entries an ArgumentError', () => {
    expect(() =>
      solver(
        operator(() => [1, Number.NaN, 0]),
        b,
      ),
    ).toThrow(NonFiniteError);
    expect(() =>
      solver(
        operator(() => [1, Number.NaN, 0]),
        b,
      ),
    ).toThrow(/A\.matvec returned NaN at index 1/);
    expect(() =>
      solver(
        operator(() => new Float64Array(2)),
        b,
      ),
    ).toThrow(ShapeError);
    expect(() =>
      solver(
        operator(() => [1, null, 0]),
        b,
      ),
    ).toThrow(/A\.matvec returned null at index 1/);
  });

  it('a NaN or short x0, a NaN b, a bad preconditioner are refused', () => {
    expect(() => solver(A, b, { x0: [0, Number.NaN, 0] })).toThrow(NonFiniteError);
    expect(() => solver(A, b, { x0: [0, 0] })).toThrow(ShapeError);
    expect(() => solver(A, [1, Number.NaN, 3])).toThrow(NonFiniteError);
    expect(() => solver(A, b, { preconditioner: () => [1, 2] as never })).toThrow(
      /preconditioner returned a vector of length 2/,
    );
    expect(() => solver(A, b, { preconditioner: () => 'x' as never })).toThrow(ArgumentError);
    expect(() => solver(A, b, { preconditioner: 5 as never })).toThrow(ArgumentError);
  });

  it('tolerances and caps are numbers in range', () => {
    expect(() => solver(A, b, { tol: -1 })).toThrow(ArgumentError);
    expect(() => solver(A, b, { tol: '1e-3' as never })).toThrow(ArgumentError);
    expect(() => solver(A, b, { maxIter: 2.5 })).toThrow(ArgumentError);
  });

  it('a good operator returning a Float32Array or a number[] still solves', () => {
    const f32 = operator((v) => new Float32Array(A.matvec(v)));
    const arr = operator((v) => Array.from(A.matvec(v)));
    const ref = solver(A, b).x;
    for (const op of [f32, arr]) {
      const x = solver(op, b).x;
      for (let i = 0; i < 3; i++) expect(Math.abs(x[i] - ref[i])).toBeLessThan(1e-5);
    }
  });
});

describe('gmres restart', () => {
  it('restart: 0 is refused', () => {
    const A = denseOperator(Matrix.from(spd));
    expect(() => gmres(A, [1, 2, 3], { restart: 0 })).toThrow(ArgumentError);
    expect(() => gmres(A, [1, 2, 3], { restart: 0 })).toThrow(/restart must be an integer ≥ 1/);
  });
});

describe('operators', () => {
  it('rmatvec and tags of the wrong kind, a non-number shift are refused', () => {
    const A = denseOperator(Matrix.from(spd));
    expect(() => cg({ ...A, rmatvec: 3 } as never, [1, 2, 3])).toThrow(/rmatvec must be a function/);
    expect(() => cg({ ...A, tags: 'symmetric' } as never, [1, 2, 3])).toThrow(/tags must be an array/);
    expect(() => shiftOperator(A, '1' as never)).toThrow(ArgumentError);
    expect(() => denseOperator([[1]] as never)).toThrow(ArgumentError);
    expect(() => jacobiPreconditioner(5 as never)).toThrow(ArgumentError);
    expect(() => jacobiPreconditioner(['1'] as never)).toThrow(ArgumentError);
  });
});

describe('backwardError and refineSolution check their arguments', () => {
  const A = Matrix.from(spd);
  const x = solve(A, [1, 2, 3]);

  it('an array of rows is a matrix (it used to give 0 for any x)', () => {
    // ω from its definition maxᵢ |b − A·x|ᵢ / (|A|·|x| + |b|)ᵢ, at a wrong x = 0: every row gives 1.
    expect(backwardError(spd, new Float64Array(3), [1, 2, 3])).toBe(1);
    expect(backwardError(spd, x, [1, 2, 3])).toBeLessThan(1e-15);
  });

  it('a short or NaN x, a mismatched b are typed errors, not NaN', () => {
    expect(() => backwardError(A, new Float64Array(2), [1, 2, 3])).toThrow(ShapeError);
    expect(() => backwardError(A, new Float64Array([1, Number.NaN, 0]), [1, 2, 3])).toThrow(NonFiniteError);
    expect(() => backwardError(A, x, new Matrix(3, 2))).toThrow(ShapeError);
    expect(() => backwardError(A, x, [1, 2, 3], 'yes' as never)).toThrow(ArgumentError);
    expect(() => backwardError({ rows: 3 } as never, x, [1, 2, 3])).toThrow(ArgumentError);
  });

  it('what correct returns is checked', () => {
    const x0 = new Float64Array(3);
    expect(() => refineSolution(A, [1, 2, 3], x0, () => new Float64Array([Number.NaN, 0, 0]))).toThrow(NonFiniteError);
    expect(() => refineSolution(A, [1, 2, 3], x0, () => new Float64Array(2))).toThrow(ShapeError);
    expect(() => refineSolution(A, [1, 2, 3], x0, 'f' as never)).toThrow(ArgumentError);
    expect(() => refineSolution(A, [1, 2, 3], x0, (r) => r, { maxStep: 3 } as never)).toThrow(/"maxStep"/);
  });

  it('refines from an array of rows with a correct correction', () => {
    const F = ldlt(spd);
    const refined = refineSolution(spd, [1, 2, 3], new Float64Array(3), (r) => F.solve(r));
    expect(refined.backwardError).toBeLessThan(1e-15);
    F.dispose();
  });
});
