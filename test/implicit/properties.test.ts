import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hypergradient, implicitJacobian, implicitRoot, Matrix } from '../../src/index.js';
import { randomDense, randomVector, relDiff, symmetricWithSpectrum } from '../helpers/systems.js';

// Consistency between code paths that share no solve: the full Jacobian (one multi-right-hand-side
// solve), the hypergradient (one transposed solve) and the JVP/VJP of a linear root problem.

describe('properties over random sizes and seeds', () => {
  it('hypergradient(H, C, g) = J(H, C)ᵀ g, the transposed solve against the multi-RHS solve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 9 }), fc.nat(1000), (n, m, seed) => {
        const ev = Array.from({ length: n }, (_, i) => 0.3 + ((i * 7 + seed) % 11));
        const H = new Matrix(n, n, symmetricWithSpectrum(ev, seed));
        const C = new Matrix(n, m, randomDense(n, m, seed + 1));
        const g = randomVector(n, seed + 2);
        const J = implicitJacobian(H, C, { structure: 'spd' });
        const JTg = new Float64Array(m);
        for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) JTg[j] += J.data[i * m + j] * g[i];
        // hypergradient = −Cᵀ H⁻¹ g and J = −H⁻¹ C, so hypergradient = Jᵀ g
        expect(relDiff(hypergradient(H, C, g), JTg)).toBeLessThan(1e-10);
      }),
      { numRuns: 40 },
    );
  });

  it('for F(x, y) = A y − B x: ⟨w, J u⟩ = ⟨Jᵀ w, u⟩ and jacobian columns are JVPs of unit vectors', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 6 }), fc.nat(1000), (ny, nx, seed) => {
        const A = new Matrix(ny, ny, randomDense(ny, ny, seed));
        for (let i = 0; i < ny; i++) A.data[i * ny + i] += 2 + ny;
        const B = new Matrix(ny, nx, randomDense(ny, nx, seed + 5));
        const Bneg = new Matrix(
          ny,
          nx,
          B.data.map((v) => -v),
        );
        const f = implicitRoot({
          solve: () => new Float64Array(ny),
          F: (x, y) => {
            const out = new Float64Array(ny);
            for (let i = 0; i < ny; i++) {
              for (let j = 0; j < ny; j++) out[i] += A.data[i * ny + j] * y[j];
              for (let j = 0; j < nx; j++) out[i] -= B.data[i * nx + j] * x[j];
            }
            return out;
          },
          dFdy: () => A,
          dFdx: () => Bneg,
        });
        const x = new Float64Array(nx);
        const u = randomVector(nx, seed + 7);
        const w = randomVector(ny, seed + 8);
        const Ju = f.jvp(x, u).tangent;
        const Jtw = f.vjp(x, w).cotangent;
        const lhs = w.reduce((s, v, i) => s + v * Ju[i], 0);
        const rhs = u.reduce((s, v, j) => s + v * Jtw[j], 0);
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-12 * (1 + Math.abs(lhs)));
        const J = f.jacobian(x).jacobian;
        const e = new Float64Array(nx);
        e[nx - 1] = 1;
        const last = f.jvp(x, e).tangent;
        for (let i = 0; i < ny; i++) expect(J.get(i, nx - 1)).toBeCloseTo(last[i], 13);
      }),
      { numRuns: 40 },
    );
  });
});
