import { describe, expect, it } from 'vitest';
import { ImplicitDiffError, NonFiniteError, ShapeError } from '../../src/index.js';
import {
  checkedOperator,
  denseOperator,
  isLinearOperator,
  jacobiPreconditioner,
  type LinearOperator,
  shiftOperator,
} from '../internal.js';

const M = { rows: 2, cols: 2, data: Float64Array.of(1, 2, 3, 4) };

describe('linear operators', () => {
  it('denseOperator multiplies by M and Mᵀ', () => {
    const A = denseOperator(M);
    expect(Array.from(A.matvec(Float64Array.of(1, 1)))).toEqual([3, 7]);
    expect(Array.from(A.rmatvec!(Float64Array.of(1, 1)))).toEqual([4, 6]);
  });

  it('shiftOperator adds σ I and keeps the tags that still hold', () => {
    const S: LinearOperator = { rows: 2, cols: 2, tags: ['positive-definite'], matvec: (v) => v.map((t) => 2 * t) };
    const up = shiftOperator(S, 1);
    expect(Array.from(up.matvec(Float64Array.of(1, -1)))).toEqual([3, -3]);
    expect(up.tags).toEqual(['positive-definite']);
    expect(shiftOperator(S, -3).tags).toEqual(['symmetric']);
    expect(shiftOperator(denseOperator(M), -1).tags).toEqual([]);
    expect(Array.from(shiftOperator(denseOperator(M), -1).rmatvec!(Float64Array.of(1, 0)))).toEqual([0, 2]);
    expect(() => shiftOperator({ rows: 2, cols: 3, matvec: (v) => v }, 1)).toThrow(ShapeError);
  });

  it('checkedOperator names the operator whose product is wrong', () => {
    const bad = checkedOperator({ rows: 2, cols: 2, matvec: () => Float64Array.of(1, Number.NaN) }, 'hessian');
    expect(() => bad.matvec(Float64Array.of(1, 1))).toThrow(NonFiniteError);
    expect(() => bad.matvec(Float64Array.of(1, 1))).toThrow(/hessian.matvec returned NaN at index 1/);
    const short = checkedOperator({ rows: 2, cols: 2, matvec: () => [1] as unknown as Float64Array }, 'dFdy');
    expect(() => short.matvec(Float64Array.of(1, 1))).toThrow(/dFdy.matvec returned a vector of length 1, expected 2/);
    const sym = checkedOperator({ rows: 2, cols: 2, tags: ['symmetric'], matvec: (v) => v }, 'S');
    expect(Array.from(sym.rmatvec!(Float64Array.of(5, 6)))).toEqual([5, 6]);
    expect(() => checkedOperator({ rows: -1, cols: 2, matvec: (v) => v }, 'X')).toThrow(/X has invalid size/);
  });

  it('isLinearOperator tells operators from matrices and arrays', () => {
    expect(isLinearOperator(denseOperator(M))).toBe(true);
    expect(isLinearOperator(M)).toBe(false);
    expect(isLinearOperator([[1]])).toBe(false);
    expect(isLinearOperator(null)).toBe(false);
  });

  it('jacobiPreconditioner divides by the diagonal and refuses a zero', () => {
    expect(Array.from(jacobiPreconditioner([2, 4])(Float64Array.of(1, 1)))).toEqual([0.5, 0.25]);
    expect(() => jacobiPreconditioner([1, 0])).toThrow(ImplicitDiffError);
    expect(() => jacobiPreconditioner([1, 0])).toThrow(/diagonal\[1\] = 0/);
  });
});
