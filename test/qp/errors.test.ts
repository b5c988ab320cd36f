import { describe, expect, test } from 'vitest';
import {
  ArgumentError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotSymmetricError,
  ShapeError,
} from '../../src/errors.js';
import type { QPProblem } from '../../src/qp/problem.js';
import { solveQP } from '../../src/qp/solve-qp.js';
import { SparseMatrix } from '../../src/sparse/sparse-matrix.js';

const Q = [
  [2, 0],
  [0, 1],
];
const c = [1, -1];
const ok: QPProblem = { Q, c, G: [[1, 1]], h: [1] };

describe('solveQP refuses bad input with typed errors naming the argument', () => {
  const cases: [string, unknown, new (...args: never[]) => Error, RegExp][] = [
    ['a problem that is not an object', null, ArgumentError, /problem must be an object/],
    ['no Q', { c }, ArgumentError, /no Q/],
    ['no c', { Q }, ArgumentError, /no c/],
    ['Q not square', { Q: [[1, 2]], c: [1] }, ShapeError, /Q must be square/],
    ['Q empty', { Q: [], c: [] }, ShapeError, /Q is 0 × 0/],
    ['Q ragged', { Q: [[1, 0], [0]], c }, ShapeError, /Q is ragged/],
    ['Q not a matrix', { Q: 3, c }, ArgumentError, /Q must be a Matrix or an array of rows, got 3/],
    [
      'NaN in Q',
      {
        Q: [
          [1, 0],
          [0, Number.NaN],
        ],
        c,
      },
      NonFiniteError,
      /Q\[1\]\[1\] is NaN/,
    ],
    ['Infinity in c', { Q, c: [1, Infinity] }, NonFiniteError, /c\[1\] is Infinity/],
    ['c of the wrong length', { Q, c: [1] }, ShapeError, /c has length 1, expected 2/],
    ['A without b', { Q, c, A: [[1, 1]] }, ArgumentError, /A is given without b/],
    ['h without G', { Q, c, h: [1] }, ArgumentError, /h is given without G/],
    ['A with the wrong columns', { Q, c, A: [[1, 1, 1]], b: [1] }, ShapeError, /A has 3 columns, expected n = 2/],
    ['b of the wrong length', { Q, c, A: [[1, 1]], b: [1, 2] }, ShapeError, /b has length 2, expected 1/],
    ['NaN in G', { Q, c, G: [[1, Number.NaN]], h: [1] }, NonFiniteError, /G\[0\]\[1\] is NaN/],
    ['Infinity in h', { Q, c, G: [[1, 1]], h: [Infinity] }, NonFiniteError, /h\[0\] is Infinity/],
    ['NaN in lower', { Q, c, lower: [0, Number.NaN] }, NonFiniteError, /lower\[1\] is NaN/],
    ['lower = +Infinity', { Q, c, lower: [Infinity, 0] }, ArgumentError, /lower\[0\] is Infinity/],
    ['upper = −Infinity', { Q, c, upper: [0, -Infinity] }, ArgumentError, /upper\[1\] is -Infinity/],
    [
      'lower above upper',
      { Q, c, lower: [0, 2], upper: [1, 1] },
      ArgumentError,
      /lower\[1\] = 2 exceeds upper\[1\] = 1/,
    ],
    ['upper of the wrong length', { Q, c, upper: [1] }, ShapeError, /upper has length 1, expected 2/],
    [
      'Q not symmetric',
      {
        Q: [
          [1, 0.5],
          [0, 1],
        ],
        c,
      },
      NotSymmetricError,
      /Q is not symmetric: Q\[1\]\[0\] = 0 but Q\[0\]\[1\] = 0.5/,
    ],
    [
      'Q indefinite',
      {
        Q: [
          [1, 0],
          [0, -1],
        ],
        c,
      },
      NotPositiveDefiniteError,
      /Q is not positive semidefinite/,
    ],
  ];
  for (const [what, problem, type, message] of cases) {
    test(what, () => {
      expect(() => solveQP(problem as QPProblem)).toThrow(type);
      expect(() => solveQP(problem as QPProblem)).toThrow(message);
    });
  }

  test('NotSymmetricError carries the position', () => {
    try {
      solveQP({
        Q: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 2, 1],
        ],
        c: [0, 0, 0],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotSymmetricError);
      expect((error as NotSymmetricError).row).toBe(2);
      expect((error as NotSymmetricError).col).toBe(1);
    }
  });

  test('a positive semidefinite Q with a zero eigenvalue is accepted (an LP has Q = 0)', () => {
    expect(
      solveQP({
        Q: [
          [0, 0],
          [0, 0],
        ],
        c: [1, 1],
        lower: [0, 0],
      }).status,
    ).toBe('optimal');
    expect(
      solveQP({
        Q: [
          [1, 1],
          [1, 1],
        ],
        c: [1, -1],
        lower: [0, 0],
        upper: [1, 1],
      }).status,
    ).toBe('optimal');
  });

  const badOptions: [string, unknown, RegExp][] = [
    ['options not an object', null, /solveQP: options must be a plain object or undefined, got null/],
    ['an unknown option', { tolerence: 1e-8 }, /solveQP: options has an unknown option "tolerence"/],
    ['a negative tolerance', { tolerance: -1 }, /options.tolerance must be a positive finite number, got -1/],
    ['a NaN tolerance', { tolerance: Number.NaN }, /options.tolerance/],
    ['a string infeasibilityTolerance', { infeasibilityTolerance: '1e-8' }, /options.infeasibilityTolerance/],
    ['an infinite activeTolerance', { activeTolerance: Infinity }, /options.activeTolerance/],
    ['maxIterations 0', { maxIterations: 0 }, /options.maxIterations must be a positive integer, got 0/],
    ['maxIterations 1.5', { maxIterations: 1.5 }, /options.maxIterations/],
    ['polish not a boolean', { polish: 1 }, /options.polish must be true or false, got 1/],
    [
      'equilibrate not a boolean or auto',
      { equilibrate: 'yes' },
      /options.equilibrate must be true, false or 'auto', got/,
    ],
  ];
  for (const [what, options, message] of badOptions) {
    test(what, () => {
      expect(() => solveQP(ok, options as never)).toThrow(ArgumentError);
      expect(() => solveQP(ok, options as never)).toThrow(message);
    });
  }
});

describe('derivative arguments', () => {
  const solution = solveQP(ok);
  test('vjp: wrong length, non-finite', () => {
    expect(() => solution.vjp([1])).toThrow(ShapeError);
    expect(() => solution.vjp([1])).toThrow(/dLdx has length 1, expected 2/);
    expect(() => solution.vjp([1, Number.NaN])).toThrow(NonFiniteError);
  });
  test('jvp: not an object, wrong shapes, non-finite', () => {
    expect(() => solution.jvp(null as never)).toThrow(ArgumentError);
    expect(() => solution.jvp({ c: [1] })).toThrow(/perturbation.c has length 1, expected 2/);
    expect(() => solution.jvp({ Q: [[1, 0]] })).toThrow(/perturbation.Q is 1 × 2, expected 2 × 2/);
    expect(() => solution.jvp({ G: [[1, 0, 0]] })).toThrow(ShapeError);
    expect(() => solution.jvp({ A: [[1, 0]] })).toThrow(/perturbation.A is 1 × 2, expected 0 × 2/);
    expect(() => solution.jvp({ h: [Number.NaN] })).toThrow(NonFiniteError);
    expect(() => solution.jvp({ lower: [0, Infinity] })).toThrow(/perturbation.lower\[1\] is Infinity/);
  });
});

describe('sparse data: the same typed errors, naming the argument', () => {
  const S = (rows: number, cols: number, t: [number, number, number][]) =>
    SparseMatrix.fromTriplets(
      rows,
      cols,
      t.map((e) => e[0]),
      t.map((e) => e[1]),
      t.map((e) => e[2]),
    );
  const Qs = S(2, 2, [
    [0, 0, 2],
    [1, 1, 1],
  ]);
  /** A SparseMatrix whose value q was changed to NaN after construction (the contract says never; we check). */
  const poisoned = (M: SparseMatrix, q: number) => {
    const out = new SparseMatrix(M.rows, M.cols, M.colPtr, M.rowIndex, M.values.slice());
    out.values[q] = Number.NaN;
    return out;
  };
  const cases: [string, unknown, new (...args: never[]) => Error, RegExp][] = [
    ['sparse Q not square', { Q: S(2, 3, [[0, 0, 1]]), c }, ShapeError, /Q must be square, got 2 × 3/],
    ['sparse Q empty', { Q: S(0, 0, []), c: [] }, ShapeError, /Q is 0 × 0/],
    ['NaN in a sparse Q', { Q: poisoned(Qs, 1), c }, NonFiniteError, /Q's values\[1\] is NaN/],
    [
      'sparse A with the wrong columns',
      { Q: Qs, c, A: S(1, 3, [[0, 2, 1]]), b: [1] },
      ShapeError,
      /A has 3 columns, expected n = 2/,
    ],
    [
      'b of the wrong length for a sparse A',
      { Q: Qs, c, A: S(1, 2, [[0, 1, 1]]), b: [1, 2] },
      ShapeError,
      /b has length 2, expected 1/,
    ],
    ['sparse G without h', { Q: Qs, c, G: S(1, 2, [[0, 1, 1]]) }, ArgumentError, /G is given without h/],
    [
      'NaN in a sparse G',
      { Q: Qs, c, G: poisoned(S(1, 2, [[0, 1, 1]]), 0), h: [1] },
      NonFiniteError,
      /G's values\[0\] is NaN/,
    ],
    ['a ragged dense G beside a sparse Q', { Q: Qs, c, G: [[1, 1], [1]], h: [1, 1] }, ShapeError, /G is ragged/],
    [
      'a dense Q that is not a matrix beside a sparse G',
      { Q: 3, c, G: S(1, 2, []), h: [1] },
      ArgumentError,
      /Q must be a Matrix/,
    ],
    [
      'sparse Q not symmetric',
      {
        Q: S(2, 2, [
          [0, 0, 1],
          [1, 0, 0.5],
          [1, 1, 1],
        ]),
        c,
      },
      NotSymmetricError,
      /Q is not symmetric: Q\[1\]\[0\] = 0.5 but Q\[0\]\[1\] = 0; a sparse Q must store both triangles/,
    ],
    [
      'sparse Q indefinite',
      {
        Q: S(2, 2, [
          [0, 0, 1],
          [1, 1, -1],
        ]),
        c,
      },
      NotPositiveDefiniteError,
      /Q is not positive semidefinite: .*\(its pivot of row 1 is not positive\)/,
    ],
  ];
  for (const [what, problem, type, message] of cases) {
    test(what, () => {
      expect(() => solveQP(problem as QPProblem)).toThrow(type);
      expect(() => solveQP(problem as QPProblem)).toThrow(message);
    });
  }

  test('NotSymmetricError of a sparse Q carries the position (row > col)', () => {
    const Q3 = S(3, 3, [
      [0, 0, 1],
      [1, 1, 1],
      [2, 2, 1],
      [1, 2, 2],
    ]);
    try {
      solveQP({ Q: Q3, c: [0, 0, 0] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(NotSymmetricError);
      expect((error as NotSymmetricError).row).toBe(2);
      expect((error as NotSymmetricError).col).toBe(1);
    }
  });

  test('sparse perturbations: wrong shape, non-finite', () => {
    const solution = solveQP({ Q: Qs, c, G: S(1, 2, [[0, 1, 1]]), h: [1] });
    expect(() => solution.jvp({ Q: S(3, 2, []) })).toThrow(ShapeError);
    expect(() => solution.jvp({ Q: S(3, 2, []) })).toThrow(/perturbation.Q is 3 × 2, expected 2 × 2/);
    expect(() => solution.jvp({ G: S(2, 2, []) })).toThrow(/perturbation.G is 2 × 2, expected 1 × 2/);
    expect(() => solution.jvp({ G: poisoned(S(1, 2, [[0, 0, 1]]), 0) })).toThrow(NonFiniteError);
    expect(() => solution.jvp({ G: poisoned(S(1, 2, [[0, 0, 1]]), 0) })).toThrow(/perturbation.G's values\[0\] is NaN/);
  });
});
