import { describe, expect, it } from 'vitest';
import { ArgumentError, Matrix, NotPositiveDefiniteError, SingularMatrixError, solve } from '../../src/index.js';
import { generalWithSingularValues, logSpaced, randomMatrix, spdWithEigenvalues } from '../helpers/random.js';
import { column, solveResidual } from '../helpers/reference.js';

describe('solve', () => {
  const spd = spdWithEigenvalues(logSpaced(20, 1e3), 1);
  const general = generalWithSingularValues(logSpaced(20, 1e3), 2);
  const indefinite = spdWithEigenvalues(
    logSpaced(20, 1e3).map((v, i) => (i % 2 ? -v : v)),
    3,
  );
  const b = randomMatrix(20, 1, 4).data;

  for (const [name, A] of [
    ['spd', spd],
    ['general', general],
    ['symmetric indefinite', indefinite],
  ] as const) {
    it(`assume 'auto' solves a ${name} matrix`, () => {
      expect(solveResidual(A, column(solve(A, b)), column(b))).toBeLessThan(30);
    });
  }

  it("assume 'general' and 'spd'; a Matrix right-hand side gives a Matrix", () => {
    const B = randomMatrix(20, 4, 5);
    expect(solveResidual(general, solve(general, B, { assume: 'general' }), B)).toBeLessThan(30);
    expect(solveResidual(spd, solve(spd, B, { assume: 'spd' }), B)).toBeLessThan(30);
  });

  it("assume 'spd' on an indefinite matrix throws NotPositiveDefiniteError", () => {
    expect(() => solve(indefinite, b, { assume: 'spd' })).toThrow(NotPositiveDefiniteError);
  });

  it('a singular matrix throws SingularMatrixError; an unknown assumption is an ArgumentError', () => {
    expect(() => solve(new Matrix(2, 2), [1, 1])).toThrow(SingularMatrixError);
    expect(() => solve(spd, b, { assume: 'lower' as 'spd' })).toThrow(ArgumentError);
    expect(() => solve(spd, b, { assume: 'lower' as 'spd' })).toThrow(/options.assume/);
  });

  it('n = 1 and n = 0', () => {
    expect(solve([[4]], [2])[0]).toBe(0.5);
    expect(solve([[-4]], [2])[0]).toBe(-0.5);
    expect(solve(new Matrix(0, 0), []).length).toBe(0);
  });
});
