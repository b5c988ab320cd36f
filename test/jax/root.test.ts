import { afterAll, describe, expect, it } from 'vitest';
import { Matrix, matvec, solve } from '../../src/index.js';
import { jaxFixedPoint, jaxRoot } from '../../src/jax/index.js';
import { cubicRoot, relError, tanhFixedPoint } from './problems.js';

// nx ≠ ny and non-symmetric ∂F/∂y: a Jacobian or a product taken with the wrong transpose fails.

describe('jaxRoot on F(x, y) = y³ + y + K y − C x (closed form ∂y/∂xᵀ = (diag(3y² + 1) + K)⁻¹ C)', () => {
  const ny = 6;
  const nx = 3;
  const p = cubicRoot(ny, nx, 21);
  afterAll(() => p.dispose());
  const x = Float64Array.from([0.4, -1.1, 0.7]);
  const y = p.solve(x);
  const J = p.jacobian(y);

  for (const method of ['krylov', 'dense'] as const) {
    it(`${method}: jacobian, jvp, vjp against the closed form; LU or GMRES; autodiff`, () => {
      using f = jaxRoot({ solve: (xx) => p.solve(xx), F: p.F, method });
      const r = f.jacobian(x);
      expect(r.jacobian.rows).toBe(ny);
      expect(r.jacobian.cols).toBe(nx);
      expect(relError(r.jacobian.data, J.data)).toBeLessThan(1e-8);
      expect(r.report.derivatives).toBe('autodiff');
      expect(r.report.solver).toBe(method === 'dense' ? 'lu' : 'gmres');
      // A polynomial F: the wasm device, exact.
      expect(r.report.device).toBe('wasm');
      const dx = Float64Array.from([1, -0.5, 2]);
      expect(relError(f.jvp(x, dx).tangent, matvec(J, dx))).toBeLessThan(1e-8);
      const w = Float64Array.from([1, 2, -1, 0.5, 0, -2]);
      expect(relError(f.vjp(x, w).cotangent, matvec(J.transpose(), w))).toBeLessThan(1e-8);
    });
  }

  it('the solver may use F and its JVPs from the adapter (Newton–Krylov-style steps)', () => {
    using f = jaxRoot({
      F: p.F,
      solve: (_x, system) => {
        // Newton with the Jacobian assembled from JVPs, column by column.
        let yy = new Float64Array(ny);
        for (let it = 0; it < 40; it++) {
          const r = system.F(yy);
          if (Math.max(...Array.from(r, Math.abs)) < 1e-14) break;
          const cols = Array.from({ length: ny }, (_, j) => {
            const e = new Float64Array(ny);
            e[j] = 1;
            return system.jvp(yy, e);
          });
          const rows = Array.from({ length: ny }, (_, i) => cols.map((c) => c[i]));
          const step = solve(Matrix.from(rows), r);
          yy = Float64Array.from(yy, (v, i) => v - step[i]);
        }
        return yy;
      },
    });
    const r = f.jacobian(x);
    expect(relError(r.y, y)).toBeLessThan(1e-12);
    expect(relError(r.jacobian.data, J.data)).toBeLessThan(1e-8);
  });
});

describe('jaxFixedPoint on y = tanh(W y + U x) (closed form (I − D W)⁻¹ D U, D = diag(1 − y²))', () => {
  const ny = 7;
  const nx = 4;
  const p = tanhFixedPoint(ny, nx, 31);
  afterAll(() => p.dispose());
  const x = Float64Array.from([0.3, -0.2, 0.5, 0.1]);
  const y = p.solve(x);
  const J = p.jacobian(y);

  for (const method of ['krylov', 'dense'] as const) {
    it(`${method}: jacobian, jvp, vjp against the closed form, on the cpu device (tanh is made of exp)`, () => {
      using f = jaxFixedPoint({ solve: (xx) => p.solve(xx), T: p.T, method });
      const r = f.jacobian(x);
      expect(relError(r.jacobian.data, J.data)).toBeLessThan(1e-8);
      expect(r.report.device).toBe('cpu');
      expect(r.report.derivatives).toBe('autodiff');
      const dx = Float64Array.from([1, -1, 0.5, 2]);
      expect(relError(f.jvp(x, dx).tangent, matvec(J, dx))).toBeLessThan(1e-8);
      const w = Float64Array.from([1, 0, -1, 2, 0.5, -0.5, 1]);
      expect(relError(f.vjp(x, w).cotangent, matvec(J.transpose(), w))).toBeLessThan(1e-8);
    });
  }

  it('the solver may iterate the adapter’s T', () => {
    using f = jaxFixedPoint({
      T: p.T,
      solve: (_x, T) => {
        let yy: Float64Array = new Float64Array(ny);
        for (let it = 0; it < 200; it++) yy = T(yy);
        return yy;
      },
    });
    expect(relError(f.solve(x), y)).toBeLessThan(1e-13);
  });
});
