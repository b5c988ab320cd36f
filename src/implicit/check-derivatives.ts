import { ArgumentError, DerivativeCheckError } from '../errors.js';
import type { VectorLike } from '../linalg/matrix.js';
import { finiteVector } from '../linalg/validate.js';
import { checkProduct, isLinearOperator, isSymmetric, type LinearOperator } from '../operators/linear-operator.js';
import { apply, asMatrixOrOperator, type MatrixOrOperator } from '../operators/operand.js';
import { mulberry32 } from '../random.js';
import { CENTRAL_STEP } from './finite-difference.js';
import { readSolution, type Solution } from './problem.js';
import type { ImplicitFunction } from './types.js';

/** Options of {@link checkDerivatives}. */
export interface DerivativeCheckOptions {
  /** Random directions per derivative (default 3). */
  directions?: number;
  /** Seed of the directions (default 1). */
  seed?: number;
  /**
   * Smallest relative tolerance (default 1e-6); the tolerance of each comparison is the larger of
   * this and 10 × the error central differences make there (see {@link checkDerivatives}).
   */
  tolerance?: number;
}

/** One supplied derivative's comparison, at its worst direction. */
export interface DerivativeCheckEntry {
  /** As the spec names it: `'dFdy'`, `'hessian'`, `'crossHessian.rmatvec'`, `'grad'`, … */
  name: string;
  /** ‖supplied − differences‖∞ / max(‖supplied‖∞, ‖differences‖∞), the worst over the directions. */
  relError: number;
  /** The tolerance of that comparison. */
  tolerance: number;
  /** The direction of the worst comparison. */
  direction: Float64Array;
  /** The supplied derivative's product along it (for `.rmatvec` and gradients: the scalar ⟨·, ·⟩). */
  supplied: Float64Array;
  /** The central difference along it. */
  finiteDifference: Float64Array;
}

/** What {@link checkDerivatives} found. */
export interface DerivativeCheckResult {
  /** True when every entry is within its tolerance. */
  ok: boolean;
  /** The largest relError over the entries (0 when there is none). */
  maxRelError: number;
  entries: DerivativeCheckEntry[];
}

/**
 * A spec of any of the three wrappers, as `checkDerivatives` reads it: `RootSpec` (F, dFdy, dFdx),
 * `ArgminSpec` (grad, hessian, crossHessian, gradX, g) or `FixedPointSpec` (T, dTdy, dTdx).
 */
export interface AnySpec {
  solve(x: Float64Array): Solution;
  F?: (x: Float64Array, y: Float64Array) => VectorLike;
  dFdy?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  dFdx?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  grad?: (x: Float64Array, y: Float64Array) => VectorLike;
  hessian?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  crossHessian?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  gradX?: (x: Float64Array, y: Float64Array) => VectorLike;
  g?: (x: Float64Array, y: Float64Array) => number;
  T?: (x: Float64Array, y: Float64Array) => VectorLike;
  dTdy?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  dTdx?: (x: Float64Array, y: Float64Array) => MatrixOrOperator;
  checkDerivatives?: boolean;
}

type VecFn = (z: Float64Array) => Float64Array;

/** One derivative to compare: `product(v)` against differences of `f` at `z` along v. */
interface Check {
  name: string;
  z: Float64Array;
  f: VecFn;
  /** The supplied product along v (length m), or, for a transposed product, the scalar wᵀ… */
  product: (v: Float64Array) => Float64Array;
  /** Reduces a difference vector to what `product` returns (identity, or ⟨w, ·⟩ with ‖w‖₁ = `weight`). */
  reduce?: (d: Float64Array) => Float64Array;
  weight?: number;
}

/**
 * Compares every derivative a spec supplies with central differences of the function it
 * differentiates, at (x, y*(x)) from one call of `spec.solve(x)`, along a few seeded random
 * directions v: ∂F/∂y·v against (F(x, y + hv) − F(x, y − hv))/2h, ∂F/∂x·u likewise in x, the
 * transposed products of operators through ⟨w, A v⟩ = ⟨Aᵀw, v⟩ (so a wrong `rmatvec` is caught),
 * and for an argmin the Hessian and cross Hessian against differences of `grad`, and `grad` and
 * `gradX` against differences of `g` when `g` is given (`grad` at a point moved off y*, where it
 * would vanish). The step is h = ε^{1/3}·max(1, ‖z‖∞)/‖v‖∞
 * (Nocedal & Wright, §8.1). The tolerance of a comparison follows the accuracy the differences
 * reach for the problem's scale: 10 × (the truncation error, estimated by the change between
 * steps h and 2h, plus the rounding error ε‖f‖∞/h), relative to the size of the derivative, and
 * at least `options.tolerance`.
 *
 * @param spec a spec of `implicitRoot` (F, dFdy, dFdx), `implicitArgmin` (grad, hessian,
 * crossHessian, gradX, g) or `implicitFixedPoint` (T, dTdy, dTdx).
 * @param x the point: y = spec.solve(x).
 * @param options directions, seed and the smallest tolerance.
 * @returns `{ ok, maxRelError, entries }`, one entry per supplied derivative.
 * @throws {ArgumentError} when the spec is of none of the three kinds or an option is invalid.
 * @throws {ShapeError} when a supplied function returns a vector or matrix of the wrong size.
 * @throws {NonFiniteError} when x, y or a supplied function's output holds NaN or ±Infinity.
 */
export function checkDerivatives(
  spec: AnySpec,
  x: VectorLike,
  options: DerivativeCheckOptions = {},
): DerivativeCheckResult {
  const k = options.directions ?? 3;
  if (!Number.isInteger(k) || k < 1) throw new ArgumentError(`directions must be an integer ≥ 1, got ${k}`);
  const floor = options.tolerance ?? 1e-6;
  if (!(floor > 0)) throw new ArgumentError(`tolerance must be a number > 0, got ${floor}`);
  const xv = Float64Array.from(finiteVector(x, 'x'));
  const { y } = readSolution(spec.solve(Float64Array.from(xv)), 'solve(x)');
  const random = mulberry32(options.seed ?? 1);
  const entries: DerivativeCheckEntry[] = [];
  for (const check of checksOf(spec, xv, y)) {
    let worst: DerivativeCheckEntry | undefined;
    for (let d = 0; d < k; d++) {
      const v = Float64Array.from(check.z, () => 2 * random() - 1);
      const entry = compare(check, v, floor);
      if (worst === undefined || entry.relError / entry.tolerance > worst.relError / worst.tolerance) worst = entry;
    }
    if (worst !== undefined) entries.push(worst);
  }
  let maxRelError = 0;
  for (const e of entries) maxRelError = Math.max(maxRelError, e.relError);
  return { ok: entries.every((e) => e.relError <= e.tolerance), maxRelError, entries };
}

/** The derivatives a spec supplies, each with the function it differentiates. */
function checksOf(spec: AnySpec, x: Float64Array, y: Float64Array): Check[] {
  const kinds = [typeof spec.grad, typeof spec.T, typeof spec.F].filter((t) => t === 'function').length;
  if (kinds !== 1) {
    throw new ArgumentError(
      'checkDerivatives needs the spec of implicitRoot (with F), implicitArgmin (with grad) or implicitFixedPoint (with T): exactly one of them',
    );
  }
  const nx = x.length;
  const ny = y.length;
  const vector = (f: (x: Float64Array, y: Float64Array) => VectorLike, name: string, m: number) => ({
    inY: (yy: Float64Array) => checkProduct(f.call(spec, x, yy), m, name),
    inX: (xx: Float64Array) => checkProduct(f.call(spec, xx, y), m, name),
  });
  const checks: Check[] = [];
  const matrixChecks = (
    name: string,
    value: ((x: Float64Array, y: Float64Array) => MatrixOrOperator) | undefined,
    f: VecFn,
    z: Float64Array,
    rows: number,
  ) => {
    if (value === undefined) return;
    const A = asMatrixOrOperator(value.call(spec, x, y), name, rows, z.length);
    checks.push({ name, z, f, product: (v) => apply(A, v) });
    if (isLinearOperator(A) && !isSymmetric(A) && typeof A.rmatvec === 'function') {
      // ⟨w, A v⟩ by differences against ⟨Aᵀw, v⟩: a fixed w per check, drawn from the direction's seed.
      const op = A as LinearOperator;
      const w = Float64Array.from({ length: rows }, (_, i) => Math.cos(1 + 7 * i));
      const Atw = op.rmatvec!(w);
      checks.push({
        name: `${name}.rmatvec`,
        z,
        f,
        product: (v) => Float64Array.of(dot(Atw, v)),
        reduce: (d) => Float64Array.of(dot(w, d)),
        weight: w.reduce((a, b) => a + Math.abs(b), 0),
      });
    }
  };
  const s = spec;
  if (typeof s.grad === 'function') {
    const grad = vector(s.grad, 'grad(x, y)', ny);
    matrixChecks('hessian', s.hessian, grad.inY, y, ny);
    matrixChecks('crossHessian', s.crossHessian, grad.inX, x, ny);
    if (typeof s.g === 'function') {
      const g = s.g;
      const gy: VecFn = (yy) => Float64Array.of(scalar(g.call(s, x, yy), 'g(x, y)'));
      const gx: VecFn = (xx) => Float64Array.of(scalar(g.call(s, xx, y), 'g(x, y)'));
      // ∂g/∂y vanishes at y*, where comparing it with differences of g would test nothing: grad is
      // compared at a point moved off y* by 10% of its scale.
      const yOff = Float64Array.from(y, (v, i) => v + 0.1 * Math.max(1, Math.abs(v)) * Math.cos(3 + 5 * i));
      const gr = grad.inY(Float64Array.from(yOff));
      checks.push({ name: 'grad', z: yOff, f: gy, product: (v) => Float64Array.of(dot(gr, v)) });
      if (typeof s.gradX === 'function') {
        const gxv = checkProduct(s.gradX.call(s, Float64Array.from(x), Float64Array.from(y)), nx, 'gradX(x, y)');
        checks.push({ name: 'gradX', z: x, f: gx, product: (u) => Float64Array.of(dot(gxv, u)) });
      }
    }
  } else if (typeof s.T === 'function') {
    const T = vector(s.T, 'T(x, y)', ny);
    matrixChecks('dTdy', s.dTdy, T.inY, y, ny);
    matrixChecks('dTdx', s.dTdx, T.inX, x, ny);
  } else {
    const F = vector(s.F!, 'F(x, y)', ny);
    matrixChecks('dFdy', s.dFdy, F.inY, y, ny);
    matrixChecks('dFdx', s.dFdx, F.inX, x, ny);
  }
  return checks;
}

/** One comparison along v, with its tolerance. */
function compare(check: Check, v: Float64Array, floor: number): DerivativeCheckEntry {
  const { z, f } = check;
  const reduce = check.reduce ?? ((d: Float64Array) => d);
  const h = (CENTRAL_STEP * Math.max(1, normInf(z))) / Math.max(normInf(v), Number.MIN_VALUE);
  const fd = reduce(central(f, z, v, h));
  const fd2 = reduce(central(f, z, v, 2 * h));
  const supplied = check.product(Float64Array.from(v));
  const f0 = f(Float64Array.from(z));
  // Rounding: each value of f carries ~ε‖f‖∞, divided by 2h; a reduced comparison ⟨w, ·⟩ scales it by ‖w‖₁.
  const rounding = (Number.EPSILON * normInf(f0) * (check.weight ?? 1)) / h;
  // Central differences err by O(h²): D(2h) − D(h) ≈ 3·(error of D(h)).
  const truncation = diffInf(fd, fd2) / 3;
  const scale = Math.max(normInf(fd), normInf(supplied));
  const diff = diffInf(supplied, fd);
  const relError = scale === 0 ? 0 : diff / scale;
  const tolerance = scale === 0 ? floor : Math.max(floor, (10 * (truncation + rounding)) / scale);
  return { name: check.name, relError, tolerance, direction: v, supplied, finiteDifference: fd };
}

/** (f(z + h v) − f(z − h v)) / 2h, dividing by the step actually taken in the largest entry of v. */
function central(f: VecFn, z: Float64Array, v: Float64Array, h: number): Float64Array {
  const zp = Float64Array.from(z, (zi, i) => zi + h * v[i]);
  const zm = Float64Array.from(z, (zi, i) => zi - h * v[i]);
  const fp = Float64Array.from(f(zp)); // a copy: f may reuse its output buffer
  const fm = f(zm);
  return Float64Array.from(fp, (p, i) => (p - fm[i]) / (2 * h));
}

function scalar(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ArgumentError(`${name} must return a finite number, got ${String(value)}`);
  }
  return value;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function normInf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

function diffInf(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Shows at most 6 entries of a vector. */
function shortVector(v: Float64Array): string {
  const head = Array.from(v.subarray(0, 6), (t) => t.toPrecision(6)).join(', ');
  return `[${head}${v.length > 6 ? `, … (${v.length} entries)` : ''}]`;
}

/**
 * `f` with `checkDerivatives` run once, at the x of the first call of any method, when the spec
 * asks for it: a failing entry throws {@link DerivativeCheckError} (and the next call checks again).
 */
export function checkedAtFirstUse(spec: AnySpec, f: ImplicitFunction): ImplicitFunction {
  if (spec.checkDerivatives === undefined || spec.checkDerivatives === false) return f;
  if (spec.checkDerivatives !== true) {
    throw new ArgumentError(`checkDerivatives must be true or false, got ${String(spec.checkDerivatives)}`);
  }
  let checked = false;
  const first = (x: VectorLike) => {
    if (checked) return;
    const result = checkDerivatives(spec, x);
    const bad = result.entries.find((e) => !(e.relError <= e.tolerance));
    if (bad !== undefined) {
      throw new DerivativeCheckError(
        `${bad.name} disagrees with central differences along the direction v = ${shortVector(bad.direction)}: supplied ${shortVector(bad.supplied)}, differences ${shortVector(bad.finiteDifference)} (relative error ${bad.relError.toExponential(2)} > tolerance ${bad.tolerance.toExponential(2)}); a transposed, sign-flipped or stale derivative looks like this`,
        { derivative: bad.name, ...bad },
      );
    }
    checked = true;
  };
  return {
    solve(x) {
      first(x);
      return f.solve(x);
    },
    jacobian(x) {
      first(x);
      return f.jacobian(x);
    },
    jvp(x, dx) {
      first(x);
      return f.jvp(x, dx);
    },
    vjp(x, w) {
      first(x);
      return f.vjp(x, w);
    },
    valueAndGrad(x, loss) {
      first(x);
      return f.valueAndGrad(x, loss);
    },
  };
}
