import * as jax from '@jax-js/jax';
import { describe, expect, it } from 'vitest';
import { ArgumentError, implicitArgmin, ShapeError } from '../../src/index.js';
import { array, jaxArgmin, jaxLoss, jaxRoot } from '../../src/jax/index.js';
import { PairProducts } from '../../src/jax/products.js';
import { inScope, toJax } from '../../src/jax/runtime.js';
import { relError, ridge } from './problems.js';

const np = jax.numpy;
const hadFloat16 = typeof (globalThis as { Float16Array?: unknown }).Float16Array;

/** A 2 × 2 quadratic argmin: g = ½ Σ x_i y_i² − Σ y_i, y* = 1/x, dy/dx = −diag(1/x²). */
const quadratic = {
  g: (x: jax.Array, y: jax.Array) => np.sum(x.mul(y.ref).mul(y.ref)).mul(0.5).sub(np.sum(y)),
  solve: (x: Float64Array) => Float64Array.from(x, (v) => 1 / v),
};

describe('the jax-js runtime the adapters manage', () => {
  it('leaves no Float16Array behind where the platform has none, and keeps a real one', () => {
    using f = jaxArgmin(quadratic);
    f.jacobian([2, 4]);
    expect(typeof (globalThis as { Float16Array?: unknown }).Float16Array).toBe(hadFloat16);
  });

  it('array() makes float64 constants (where np.array of float64 data needs Float16Array) and refuses float32', () => {
    const a = array([1, 2, 3, 4], [2, 2]);
    expect(a.dtype).toBe('float64');
    expect(a.shape).toEqual([2, 2]);
    expect(Array.from(a.dataSync() as Float64Array)).toEqual([1, 2, 3, 4]);
    expect(() => array(new Float32Array(2))).toThrow(ArgumentError);
    expect(() => array([1, 2, 3], [2, 2])).toThrow(/shape \[2, 2\] does not hold the 3 entries/);
    expect(() => array(null as unknown as number[])).toThrow(ArgumentError);
  });

  it('takes no reference of the user’s constants and leaves their count as it was', () => {
    const c = array([0.5, 0.25]);
    const g = (x: jax.Array, y: jax.Array) =>
      np
        .sum(x.mul(y.ref).mul(y.ref))
        .mul(0.5)
        .sub(np.sum(c.ref.mul(y)));
    const before = c.refCount;
    {
      using f = jaxArgmin({ g, solve: (x) => Float64Array.from(x, (v, i) => [0.5, 0.25][i] / v) });
      for (let k = 0; k < 3; k++) f.valueAndGrad([2, 4], (y) => [y[0], Float64Array.from([1, 0])]);
      expect(c.refCount).toBeGreaterThanOrEqual(before);
    }
    // dispose() released the compiled programs and the constants they held.
    expect(c.refCount).toBe(before);
    c.dispose();
  });

  it('accepts x as a float64 jax-js array without consuming it', () => {
    using f = jaxArgmin(quadratic);
    const x = array([2, 4]);
    const r = f.jacobian(x as unknown as Float64Array);
    expect(x.refCount).toBe(1);
    expect(relError(r.jacobian.data, [-1 / 4, 0, 0, -1 / 16])).toBeLessThan(1e-12);
    x.dispose();
  });

  it('compiles ∂g/∂y at the minimum, where its value is rounding (the jit check runs at a nearby point)', () => {
    const r = ridge(9, 5, 11);
    const penalty = (t: number) => t;
    const gradY = (x: jax.Array, y: jax.Array) => jax.grad((z: jax.Array) => r.gLinear(x, z))(y);
    const x = Float64Array.from([0.3, 0.5, 1.2, 0.1, 2]);
    const y = r.solve(x, penalty);
    for (const device of ['cpu', 'wasm'] as const) {
      const p = new PairProducts(gradY, true);
      inScope(device, () => {
        for (let k = 0; k < 2; k++) {
          const g = p.value(toJax(x), toJax(y)).dataSync() as Float64Array;
          expect(Math.max(...Array.from(g, Math.abs))).toBeLessThan(1e-13);
        }
      });
      expect(p.rejected).toEqual([]);
      p.dispose();
    }
    r.dispose();
  });

  it('jaxLoss works with the core wrappers too', () => {
    const f = implicitArgmin({
      solve: quadratic.solve,
      grad: (x, y) => Float64Array.from(y, (v, i) => x[i] * v - 1),
      hessian: (x) => [
        [x[0], 0],
        [0, x[1]],
      ],
      crossHessian: (_x, y) => [
        [y[0], 0],
        [0, y[1]],
      ],
    });
    // L = Σ y_i³ at y = 1/x: dL/dx_i = 3 y_i² · (−1/x_i²) = −3/x_i⁴
    const r = f.valueAndGrad(
      [2, 4],
      jaxLoss((y) => np.sum(np.multiply(np.multiply(y.ref, y.ref), y))),
    );
    expect(r.value).toBeCloseTo(1 / 8 + 1 / 64, 14);
    expect(relError(r.grad, [-3 / 16, -3 / 256])).toBeLessThan(1e-13);
  });
});

describe('errors of the jax adapters', () => {
  it('ArgumentError for a g, F or solve that is not a function, an unknown device, a non-boolean jit', () => {
    expect(() => jaxArgmin({ ...quadratic, g: 3 as never })).toThrow(ArgumentError);
    expect(() => jaxArgmin({ ...quadratic, solve: undefined as never })).toThrow(/solve must be a function/);
    expect(() => jaxRoot({ solve: quadratic.solve, F: null as never })).toThrow(/F must be a function/);
    expect(() => jaxArgmin({ ...quadratic, device: 'gpu' as never })).toThrow(
      /device must be 'auto', 'cpu' or 'wasm', got gpu/,
    );
    expect(() => jaxArgmin({ ...quadratic, jit: 1 as never })).toThrow(/jit must be a boolean/);
    expect(() => jaxLoss('L' as never)).toThrow(ArgumentError);
  });

  it('ArgumentError for float32 inputs: a Float32Array x, a float32 jax-js x', () => {
    using f = jaxArgmin(quadratic);
    expect(() => f.jacobian(new Float32Array([2, 4]) as unknown as Float64Array)).toThrow(/x is a Float32Array/);
    const x32 = np.array([2, 4]);
    expect(() => f.jacobian(x32 as unknown as Float64Array)).toThrow(/x is a jax-js float32 array/);
    x32.dispose();
  });

  it('ArgumentError for a g that closes over a float32 array (jax-js’s default dtype) or returns float32', () => {
    const c32 = np.array([1, 1]);
    using f = jaxArgmin({ ...quadratic, g: (x, y) => quadratic.g(x, y.ref).add(np.sum(c32.ref.mul(y))) });
    expect(() => f.jacobian([2, 4])).toThrow(/g uses a float32 array of shape \[2\] \(a constant it closes over\)/);
    using h = jaxArgmin({ ...quadratic, g: (x, y) => quadratic.g(x, y).astype(np.float32) });
    expect(() => h.jacobian([2, 4])).toThrow(ArgumentError);
    c32.dispose();
  });

  it('ShapeError for an F of the wrong length; ArgumentError for an F that returns no jax-js array', () => {
    using f = jaxRoot({ solve: quadratic.solve, F: (x, y) => np.concatenate([x.sub(y.ref), y]) });
    expect(() => f.jacobian([2, 4])).toThrow(ShapeError);
    using h = jaxRoot({ solve: quadratic.solve, F: () => [1, 2] as never });
    expect(() => h.jacobian([2, 4])).toThrow(ArgumentError);
  });

  it('ArgumentError for a g or a loss that returns no scalar', () => {
    using f = jaxArgmin(quadratic);
    expect(() =>
      f.valueAndGrad(
        [2, 4],
        jaxLoss((y) => y),
      ),
    ).toThrow(/loss\(y\) must return a scalar, got an array of shape \[2\]/);
    using h = jaxArgmin({ ...quadratic, g: (x, y) => x.mul(y) });
    expect(() => h.jacobian([2, 4])).toThrow(/g must return a scalar/);
  });

  it('a ridge problem after errors still differentiates correctly (no state left broken)', () => {
    const p = ridge(6, 3, 3);
    using f = jaxArgmin({ solve: (x) => p.solve(x), g: p.g });
    const x = Float64Array.from([0.1, 0.2, 0.3]);
    expect(relError(f.jacobian(x).jacobian.data, p.jacobian(x).data)).toBeLessThan(1e-9);
    p.dispose();
  });
});
