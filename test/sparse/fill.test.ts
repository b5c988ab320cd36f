import { describe, expect, it } from 'vitest';
import { sparseCholesky } from '../../src/index.js';
import fixture from '../fixtures/sparse/fill.json' with { type: 'json' };
import { spdOnPattern } from './helpers.js';

// nnz(L) against SuiteSparse (test/fixtures/sparse/generate.py: CHOLMOD's exact counts, simplicial):
// under the natural ordering and under SuiteSparse AMD's own permutation our column counts must
// agree exactly; under our AMD the fill must stay within 1.10× of SuiteSparse AMD's.

interface Pattern {
  name: string;
  n: number;
  colPtr: number[];
  rowIndex: number[];
  lnzNatural: number;
  lnzAmd: number;
  amdPermutation: number[];
}

const patterns = (fixture as { patterns: Pattern[] }).patterns;

describe('fill of the sparse Cholesky factor against SuiteSparse', () => {
  for (const p of patterns) {
    it(`${p.name} (n = ${p.n})`, () => {
      const A = spdOnPattern(p);
      using natural = sparseCholesky(A, { ordering: 'natural' });
      expect(natural.nnzL).toBe(p.lnzNatural);
      using given = sparseCholesky(A, { ordering: Int32Array.from(p.amdPermutation) });
      expect(given.nnzL).toBe(p.lnzAmd);
      using ours = sparseCholesky(A);
      expect(ours.nnzL).toBeLessThanOrEqual(1.1 * p.lnzAmd);
    });
  }
});
