// implicitKKT under the shared rules: its spec checked for unknown keys and flags of the wrong type,
// and every callback given its own copies of x, y, ν, λ. Problem: min ½‖y − x‖² s.t. Σy = 1, whose
// solution y = x − (Σx − 1)/n·1 has the closed-form Jacobian I − 11ᵀ/n.
import { describe, expect, it } from 'vitest';
import { ArgumentError, implicitKKT, type KKTSpec } from '../../src/index.js';

const n = 3;
const sum = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0);
const spec: KKTSpec = {
  solve: (x) => {
    const nu = (sum(x) - 1) / n;
    return { y: Float64Array.from(x, (v) => v - nu), nu: [nu] };
  },
  grad: (x, y) => Float64Array.from(y, (v, i) => v - x[i]),
  eq: (_x, y) => [sum(y) - 1],
};
const x0 = Float64Array.of(0.5, -1, 2);
const closedForm = (i: number, j: number) => (i === j ? 1 : 0) - 1 / n;

describe('implicitKKT follows the shared argument rules', () => {
  it('refuses an unknown spec key, a non-function hessian and a non-boolean flag', () => {
    expect(() => implicitKKT({ ...spec, hesian: () => [] } as KKTSpec)).toThrow(ArgumentError);
    expect(() => implicitKKT({ ...spec, hesian: () => [] } as KKTSpec)).toThrow(/unknown option "hesian"/);
    expect(() => implicitKKT({ ...spec, hessian: 3 as never })).toThrow(/spec.hessian must be a function or absent/);
    expect(() => implicitKKT({ ...spec, refine: 'yes' as never })).toThrow(/refine must be true or false/);
  });

  it('gives callbacks fresh copies: ones that scribble on their arguments change no result', () => {
    const scribble = (...arrays: Float64Array[]) => {
      for (const a of arrays) a.fill(Number.NaN);
    };
    const messy: KKTSpec = {
      ...spec,
      grad: (x, y) => {
        const g = Float64Array.from(y, (v, i) => v - x[i]);
        scribble(x, y);
        return g;
      },
      eq: (x, y) => {
        const c = [sum(y) - 1];
        scribble(x, y);
        return c;
      },
      hessian: (x, y, nu, lambda) => {
        scribble(x, y, nu, lambda);
        return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
      },
    };
    const { jacobian } = implicitKKT(messy).jacobian(x0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(jacobian.get(i, j)).toBeCloseTo(closedForm(i, j), 6);
  });
});
