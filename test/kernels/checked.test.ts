// checkedSolve (assembly/checked.ts) against a plain scalar version of its definition: x₀ from the
// factorization's own solve kernel, η = ‖b − op(A)x‖∞ / (‖op(A)‖∞‖x‖∞ + ‖b‖∞) by scalar loops over
// the copy of A, refinement x ← x + op(A)⁻¹r kept while it lowers η, and a block's η exact per
// column or on the ±1 probes. The copy is a perturbation of the factored matrix, so that η is far
// above rounding and refinement takes real steps.
import { afterEach, describe, expect, it } from 'vitest';
import { Heap, randomMatrix, rng } from '../helpers/kernels.js';
import { kernels } from '../internal.js';

const heap = new Heap();
afterEach(() => heap.release());

type Kind = 0 | 1 | 2;

/** Factors `a` (n × n) by kind; returns the pointers the kernel takes. */
function factor(kind: Kind, a: Float64Array, n: number): { f: number; e: number; ipiv: number } {
  const k = kernels();
  const f = heap.f64(a);
  const e = heap.f64(new Float64Array(n));
  const ipiv = heap.i32(n);
  if (kind === 0) expect(k.potrf(n, f, n)).toBe(0);
  else if (kind === 1) expect(k.getrf(n, n, f, n, ipiv)).toBe(0);
  else expect(k.sytrf(n, f, n, e, ipiv, heap.f64(new Float64Array(k.sytrfWorkLength(n))))).toBe(0);
  return { f, e, ipiv };
}

/** op(A)⁻¹ B by the factorization's own solve kernel (B n × nrhs). */
function inverseTimes(
  kind: Kind,
  trans: number,
  fac: ReturnType<typeof factor>,
  n: number,
  B: Float64Array,
  nrhs: number,
) {
  const k = kernels();
  const p = heap.f64(B);
  if (kind === 0) k.potrs(n, nrhs, fac.f, n, p, nrhs);
  else if (kind === 1) k.getrs(trans, n, nrhs, fac.f, n, fac.ipiv, p, nrhs);
  else k.sytrs(n, nrhs, fac.f, n, fac.e, fac.ipiv, p, nrhs);
  return heap.readF64(p, n * nrhs);
}

/** (op(A) x)_i for A row-major n × n, x column j of an n × k block. */
function opTimes(a: Float64Array, n: number, trans: number, x: Float64Array, k: number, j: number, i: number): number {
  let s = 0;
  for (let p = 0; p < n; p++) s += (trans ? a[p * n + i] : a[i * n + p]) * x[p * k + j];
  return s;
}

/** ‖op(A)‖∞ by scalar loops. */
function opNorm(a: Float64Array, n: number, trans: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let p = 0; p < n; p++) s += Math.abs(trans ? a[p * n + i] : a[i * n + p]);
    m = Math.max(m, s);
  }
  return m;
}

/** η of the vector x (n) for b (n). */
function etaOf(a: Float64Array, n: number, trans: number, normA: number, b: Float64Array, x: Float64Array): number {
  let rn = 0;
  let xn = 0;
  let bn = 0;
  for (let i = 0; i < n; i++) {
    rn = Math.max(rn, Math.abs(b[i] - opTimes(a, n, trans, x, 1, 0, i)));
    xn = Math.max(xn, Math.abs(x[i]));
    bn = Math.max(bn, Math.abs(b[i]));
  }
  const d = normA * xn + bn;
  return d === 0 ? 0 : rn / d;
}

/** The ±1 probe pattern of the definition: sign of column j in probe t. */
function sign(j: number, t: number): number {
  return ((Math.imul(j + 1, 0x9e3779b1) >>> (7 + 5 * t)) & 1) === 0 ? 1 : -1;
}

/** η of a block: every column exactly when k ≤ 2 or n²k ≤ 256, else the largest over the 2 probes. */
function blockEta(
  a: Float64Array,
  n: number,
  trans: number,
  normA: number,
  B: Float64Array,
  X: Float64Array,
  k: number,
) {
  const column = (M: Float64Array, c: (j: number) => number) =>
    Float64Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let j = 0; j < k; j++) s += M[i * k + j] * c(j);
      return s;
    });
  let worst = 0;
  const exact = k <= 2 || n * n * k <= 256;
  for (let t = 0; t < (exact ? k : 2); t++) {
    const c = exact ? (j: number) => (j === t ? 1 : 0) : (j: number) => sign(j, t);
    worst = Math.max(worst, etaOf(a, n, trans, normA, column(B, c), column(X, c)));
  }
  return worst;
}

/** The definition: solve, measure, refine while η > tol (at most maxSteps, each kept only if it lowers η). */
function reference(
  kind: Kind,
  trans: number,
  fac: ReturnType<typeof factor>,
  copy: Float64Array,
  n: number,
  B: Float64Array,
  k: number,
  tol: number,
  maxSteps: number,
) {
  const normA = opNorm(copy, n, trans);
  let x = inverseTimes(kind, trans, fac, n, B, k);
  let eta = blockEta(copy, n, trans, normA, B, x, k);
  const first = eta;
  let steps = 0;
  while (eta > tol && steps < maxSteps) {
    const R = Float64Array.from(
      { length: n * k },
      (_, q) => B[q] - opTimes(copy, n, trans, x, k, q % k, Math.floor(q / k)),
    );
    const d = inverseTimes(kind, trans, fac, n, R, k);
    const next = x.map((v, q) => v + d[q]);
    const e = blockEta(copy, n, trans, normA, B, next, k);
    if (!(e < eta)) break;
    x = next;
    eta = e;
    steps++;
  }
  return { x, eta, first, steps, normA };
}

/** The kernel's checked solve; `normA` in (negative: computed). */
function checked(
  kind: Kind,
  trans: number,
  fac: ReturnType<typeof factor>,
  copy: Float64Array,
  n: number,
  B: Float64Array,
  k: number,
  tol: number,
  maxSteps: number,
  normA = -1,
) {
  const a = heap.f64(copy);
  const b = heap.f64(B);
  const x = heap.f64(new Float64Array(n * k));
  const w = heap.f64(new Float64Array(2 * n * k + k + 3 * n));
  const result = heap.f64([normA, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
  kernels().checkedSolve(kind, trans, n, k, fac.f, fac.e, fac.ipiv, 0, 0, a, b, x, w, tol, maxSteps, result);
  const [normOut, eta, first, steps, nonFinite] = heap.readF64(result, 5);
  expect(heap.readF64(b, n * k)).toEqual(B); // b is not modified
  expect(nonFinite).toBe(-1); // every X here is finite
  return { x: heap.readF64(x, n * k), eta, first, steps, normA: normOut };
}

/** A test matrix of each kind: SPD, general, symmetric indefinite. */
function matrix(kind: Kind, n: number, rand: () => number): Float64Array {
  const g = randomMatrix(n, n, n, rand);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) a[i * n + j] = kind === 1 ? g[i * n + j] : g[i * n + j] + g[j * n + i];
  for (let i = 0; i < n; i++) a[i * n + i] += kind === 2 ? (i % 2 === 0 ? n : -n) : 2 * n;
  return a;
}

/** The copy: A + δE (E symmetric for the symmetric kinds), so that η ≈ δ and refinement has work. */
function perturbed(kind: Kind, a: Float64Array, n: number, delta: number, rand: () => number): Float64Array {
  const e = randomMatrix(n, n, n, rand);
  return a.map((v, q) => {
    const i = Math.floor(q / n);
    const j = q % n;
    return v + delta * (kind === 1 ? e[q] : e[Math.min(i, j) * n + Math.max(i, j)]);
  });
}

/** |got − want| ≤ rel·|want|, or both at the level of rounding (below 1e-14, where η is rounding's). */
function expectRelClose(got: number, want: number, rel: number): void {
  if (!(Math.abs(got - want) <= Math.max(rel * Math.abs(want), 1e-14)))
    expect.fail(`got ${got}, want ${want} (relative ${rel})`);
}

function expectVectorClose(got: Float64Array, want: Float64Array, rel: number): void {
  let scale = 0;
  for (const v of want) scale = Math.max(scale, Math.abs(v));
  for (let q = 0; q < want.length; q++)
    if (!(Math.abs(got[q] - want[q]) <= rel * scale)) expect.fail(`entry ${q}: got ${got[q]}, want ${want[q]}`);
}

const KINDS: [string, Kind, number][] = [
  ['Cholesky', 0, 0],
  ['LU', 1, 0],
  ['LU, transposed', 1, 1],
  ['LDLᵀ', 2, 0],
];

describe('checkedSolve against its definition', () => {
  for (const [label, kind, trans] of KINDS) {
    for (const [n, k] of [
      [1, 1],
      [4, 1],
      [17, 1],
      [4, 3],
      [8, 2],
      [20, 5],
      [33, 7],
    ]) {
      it(`${label}, n = ${n}, ${k} right-hand side(s)`, () => {
        const rand = rng(1000 * kind + 10 * n + k + trans);
        const A = matrix(kind, n, rand);
        const fac = factor(kind, A, n);
        const B = randomMatrix(n, k, k, rand);
        // Unrefined: the solution is the factorization's own, η the definition's.
        const copy = perturbed(kind, A, n, 1e-3, rand);
        const plain = checked(kind, trans, fac, copy, n, B, k, 1e-14, 0);
        const want = reference(kind, trans, fac, copy, n, B, k, 1e-14, 0);
        expect(plain.x).toEqual(want.x);
        expect(plain.steps).toBe(0);
        expectRelClose(plain.normA, want.normA, 1e-14);
        expectRelClose(plain.eta, want.eta, 1e-8);
        expect(plain.first).toBe(plain.eta);
        expect(want.eta).toBeGreaterThan(1e-8);
        // Refined: the same steps, iterates and errors as the definition's loop.
        const refined = checked(kind, trans, fac, copy, n, B, k, 1e-14, 2);
        const wantRefined = reference(kind, trans, fac, copy, n, B, k, 1e-14, 2);
        expect(refined.steps).toBe(wantRefined.steps);
        expect(refined.steps).toBeGreaterThan(0);
        expectRelClose(refined.first, want.eta, 1e-8);
        expectRelClose(refined.eta, wantRefined.eta, 1e-4);
        expect(refined.eta).toBeLessThan(refined.first);
        expectVectorClose(refined.x, wantRefined.x, 1e-9);
      });
    }
  }

  it('stops at the tolerance, and takes a given ‖op(A)‖∞ as it is', () => {
    const rand = rng(7);
    const n = 6;
    const A = matrix(1, n, rand);
    const fac = factor(1, A, n);
    const b = randomMatrix(n, 1, 1, rand);
    const copy = perturbed(1, A, n, 1e-4, rand);
    const loose = checked(1, 0, fac, copy, n, b, 1, 1, 2);
    expect(loose.steps).toBe(0); // η ≤ 1 already
    const normA = 2 * opNorm(copy, n, 0);
    const given = checked(1, 0, fac, copy, n, b, 1, 1e-14, 0, normA);
    expect(given.normA).toBe(normA);
    expectRelClose(given.eta, etaOf(copy, n, 0, normA, b, given.x), 1e-8);
  });

  it('an exact copy gives η of the order of ε; n = 0 and no right-hand side give zeros', () => {
    const rand = rng(11);
    const n = 12;
    const A = matrix(0, n, rand);
    const fac = factor(0, A, n);
    const b = randomMatrix(n, 1, 1, rand);
    expect(checked(0, 0, fac, A, n, b, 1, 1e-14, 2).eta).toBeLessThan(30 * n * 2 ** -52);
    const empty = checked(0, 0, fac, A, 0, new Float64Array(0), 1, 1e-14, 2);
    expect([empty.eta, empty.first, empty.steps]).toEqual([0, 0, 0]);
    const none = checked(0, 0, fac, A, n, new Float64Array(0), 0, 1e-14, 2);
    expect([none.eta, none.first, none.steps]).toEqual([0, 0, 0]);
  });
});

describe('checkedSolve and scaledSolve with an equilibrated factorization Â = R·A·C', () => {
  // Â is formed exactly (the scalings are powers of two); the definition of the solve is then
  // x = C·Â⁻¹·(R·b) (x = R·Â⁻ᵀ·(C·b) transposed), and η and refinement are taken against the
  // original A's copy and the original b, never against Â.
  for (const [label, kind, trans] of KINDS) {
    it(label, () => {
      const rand = rng(500 + 10 * kind + trans);
      const n = 9;
      const k = 2;
      const A = matrix(kind, n, rand);
      const exps = Array.from({ length: n }, (_, i) => ((i * 7) % 5) * 40 - 80);
      const r = Float64Array.from(exps, (e) => 2 ** e);
      const c = kind === 1 ? Float64Array.from(exps, (e, i) => 2 ** -(e + i)) : r;
      const scaled = A.map((v, q) => v * r[Math.floor(q / n)] * c[q % n]);
      const fac = factor(kind, scaled, n);
      const B = randomMatrix(n, k, k, rand);
      const [dIn, dOut] = trans === 1 ? [c, r] : [r, c];
      const inner = inverseTimes(
        kind,
        trans,
        fac,
        n,
        B.map((v, q) => v * dIn[Math.floor(q / k)]),
        k,
      );
      const want = inner.map((v, q) => v * dOut[Math.floor(q / k)]);
      const rp = heap.f64(r);
      const cp = heap.f64(c);
      // scaledSolve alone
      const p = heap.f64(B);
      kernels().scaledSolve(kind, trans, n, k, fac.f, fac.e, fac.ipiv, rp, cp, p);
      expect(heap.readF64(p, n * k)).toEqual(want);
      // the checked solve: the same x, its η against the original (perturbed) A and b
      const copy = perturbed(kind, A, n, 1e-3, rand);
      const run = (maxSteps: number) => {
        const a = heap.f64(copy);
        const b = heap.f64(B);
        const x = heap.f64(new Float64Array(n * k));
        const w = heap.f64(new Float64Array(2 * n * k + k + 3 * n));
        const result = heap.f64([-1, 0, 0, 0, 0]);
        kernels().checkedSolve(kind, trans, n, k, fac.f, fac.e, fac.ipiv, rp, cp, a, b, x, w, 1e-14, maxSteps, result);
        const [normA, eta, first, steps] = heap.readF64(result, 4);
        return { x: heap.readF64(x, n * k), normA, eta, first, steps };
      };
      const plain = run(0);
      expect(plain.x).toEqual(want);
      expectRelClose(plain.normA, opNorm(copy, n, trans), 1e-14);
      const etaColumn = (x: Float64Array, j: number) =>
        etaOf(
          copy,
          n,
          trans,
          plain.normA,
          Float64Array.from({ length: n }, (_, i) => B[i * k + j]),
          Float64Array.from({ length: n }, (_, i) => x[i * k + j]),
        );
      expectRelClose(plain.eta, Math.max(etaColumn(plain.x, 0), etaColumn(plain.x, 1)), 1e-8);
      expect(plain.eta).toBeGreaterThan(1e-8);
      const refined = run(2);
      expect(refined.steps).toBeGreaterThan(0);
      expect(refined.eta).toBeLessThan(refined.first);
      expectRelClose(refined.eta, Math.max(etaColumn(refined.x, 0), etaColumn(refined.x, 1)), 1e-4);
    });
  }
});
