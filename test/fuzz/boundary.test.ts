import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  backwardError,
  bicgstab,
  cg,
  cholesky,
  denseOperator,
  gmres,
  hypergradient,
  ImplicitDiffError,
  implicitArgmin,
  implicitDerivative,
  implicitFixedPoint,
  implicitJacobian,
  implicitKKT,
  implicitRoot,
  jacobiPreconditioner,
  type KKTSpec,
  lapack,
  ldlt,
  lstsq,
  lu,
  Matrix,
  matmul,
  matvec,
  minres,
  prepare,
  refineSolution,
  SparseMatrix,
  shiftOperator,
  solve,
  solveQP,
  sparseCholesky,
  sparseLdlt,
  transposeOperator,
} from '../../src/index.js';

// Random bad values driven through every public entry point, one argument (or one callback's
// return value) at a time, the others valid: each call must end in a typed error (an
// ImplicitDiffError) or an answer — never a plain TypeError or RangeError, a WebAssembly trap
// (RuntimeError) or a hang — and the core must still work afterwards. When a value is accepted as
// a vector, it must be one the rules allow (a Float64Array, a Float32Array or an array of finite
// numbers of the right length), and the answer must be that of the same call with the value
// converted to a Float64Array.

/** Runs per property; FUZZ_RUNS=2000 in the environment (Node) for a longer search. */
const RUNS = Number(
  (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.FUZZ_RUNS ?? 60,
);

/** Anything a user might pass by mistake. */
const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, '', '12', '7', 0, -0, 1, Number.NaN, Number.POSITIVE_INFINITY, -1e308),
  fc.constantFrom(5n, Symbol('s'), () => 1, new Map(), new Date(0), /x/),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 4 }),
  fc.bigInt(),
  fc.array(fc.anything({ maxDepth: 1 }), { maxLength: 4 }),
  fc.array(fc.oneof(fc.double(), fc.constantFrom(null, '1', true, [1], undefined)), { minLength: 3, maxLength: 3 }),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }), { minLength: 0, maxLength: 5 }),
  fc.integer({ min: 0, max: 5 }).map((n) => new Float64Array(n).fill(1)),
  fc.integer({ min: 0, max: 5 }).map((n) => new Float32Array(n).fill(0.5)),
  fc.integer({ min: 0, max: 5 }).map((n) => new Int32Array(n)),
  fc.integer({ min: 0, max: 5 }).map((n) => new Uint8Array(n)),
  fc.constant(new BigInt64Array(3)),
  // biome-ignore lint/suspicious/noSparseArray: holes are among the bad values
  fc.constant([1, , 3]),
  fc.constant([[1, 2, 3]]),
  fc.constant({ length: 3, 0: 1, 1: 2, 2: 3 }),
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })).map(([r, c]) => new Matrix(r, c)),
  fc.object({ maxDepth: 1 }),
  fc.constant({ rows: 3, cols: 3, matvec: () => 'abc' }),
);

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function run(call: () => unknown): Outcome {
  try {
    return { ok: true, value: call() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Whether `v` is a vector the rules accept, of length n. */
function validVector(v: unknown, n: number): boolean {
  if (v instanceof Float64Array || v instanceof Float32Array) return v.length === n && v.every(Number.isFinite);
  return (
    Array.isArray(v) &&
    v.length === n &&
    Object.keys(v).length === n &&
    v.every((e) => typeof e === 'number' && Number.isFinite(e))
  );
}

function expectTyped(outcome: Outcome): void {
  if (!outcome.ok) {
    expect(outcome.error, String(outcome.error)).toBeInstanceOf(ImplicitDiffError);
  }
}

/** The core still answers correctly (a trap would leave the instance unusable). */
function expectAlive(): void {
  expect(
    Array.from(
      cholesky([
        [4, 0],
        [0, 1],
      ]).solve([2, 3]),
    ),
  ).toEqual([0.5, 3]);
}

function serialize(value: unknown): unknown {
  if (value instanceof Matrix) return { rows: value.rows, cols: value.cols, data: Array.from(value.data) };
  if (value instanceof Float64Array) return Array.from(value);
  if (typeof value === 'object' && value !== null && 'x' in value) return serialize((value as { x: unknown }).x);
  return value;
}

const A3 = [
  [4, 1, 0],
  [1, 3, 1],
  [0, 1, 2],
];
const b3 = [1, 2, 3];
const op3 = denseOperator(Matrix.from(A3), ['positive-definite']);

/**
 * Entry points taking a vector of length 3 in one argument (`'rhs'`: a `Matrix` with 3 rows is a
 * valid argument too; `'optional'`: undefined is).
 */
const vectorSlots: [string, (v: never) => unknown, ('rhs' | 'optional')?][] = [
  ['solve(A, b)', (v) => solve(A3, v), 'rhs'],
  ['cholesky(A).solve(b)', (v) => cholesky(A3).solve(v), 'rhs'],
  ['lu(A).solveTransposed(b)', (v) => lu(A3).solveTransposed(v), 'rhs'],
  ['ldlt(A).solve(b)', (v) => ldlt(A3).solve(v), 'rhs'],
  ['lstsq(A, b)', (v) => lstsq(A3, v), 'rhs'],
  ['matvec(A, x)', (v) => matvec(A3, v)],
  ['cg(A, b)', (v) => cg(op3, v)],
  ['minres(A, b)', (v) => minres(op3, v)],
  ['gmres(A, b)', (v) => gmres(op3, v)],
  ['bicgstab(A, b)', (v) => bicgstab(op3, v)],
  ['cg x0', (v) => cg(op3, b3, { x0: v }), 'optional'],
  ['backwardError x', (v) => backwardError(A3, v, b3), 'rhs'],
  ['backwardError b', (v) => backwardError(A3, new Float64Array(3), v), 'rhs'],
  ['refineSolution b', (v) => refineSolution(A3, v, new Float64Array(3), (r) => lu(A3).solve(r)), 'rhs'],
  ['prepare(A).solve(b)', (v) => prepare(A3).solve(v), 'rhs'],
  ['hypergradient gradLoss', (v) => hypergradient(A3, Matrix.identity(3), v)],
  ['jacobiPreconditioner', (v) => jacobiPreconditioner(v)(new Float64Array(3))],
  ['implicitRoot vjp x', (v) => implicitRoot(linearRoot).vjp(v, [1, 0, 0])],
  ['implicitRoot vjp w', (v) => implicitRoot(linearRoot).vjp([1, 2, 3], v)],
  ['implicitArgmin jvp dx', (v) => implicitArgmin(linearArgmin).jvp([1, 2, 3], v)],
  ['sparseCholesky(A).solve(b)', (v) => sparseCholesky(SparseMatrix.fromDense(A3)).solve(v), 'rhs'],
  ['sparseLdlt(A).solve(b)', (v) => sparseLdlt(SparseMatrix.fromDense(A3)).solve(v), 'rhs'],
  ['SparseMatrix.matvec', (v) => SparseMatrix.fromDense(A3).matvec(v)],
];

/** y = A⁻¹x: F(x, y) = A y − x. */
const linearRoot = {
  solve: (x: Float64Array) => solve(A3, x),
  F: (x: Float64Array, y: Float64Array) => matvec(A3, y).map((v, i) => v - x[i]),
  dFdy: () => A3,
  dFdx: () => Matrix.from(A3.map((row, i) => row.map((_, j) => (i === j ? -1 : 0)))),
};
const linearArgmin = {
  solve: (x: Float64Array) => solve(A3, x),
  grad: linearRoot.F,
  hessian: () => A3,
  crossHessian: linearRoot.dFdx,
};

describe.each(vectorSlots)('%s with a random bad vector', (_name, call, kind) => {
  it('a typed error, or the answer of the Float64Array it stands for', () => {
    fc.assert(
      fc.property(junk, (v) => {
        const outcome = run(() => call(v as never));
        expectTyped(outcome);
        const exempt =
          (kind === 'rhs' && v instanceof Matrix && v.rows === 3) || (kind === 'optional' && v === undefined);
        if (outcome.ok && !exempt) {
          expect(validVector(v, 3), `accepted ${String(v)}`).toBe(true);
          const reference = call(Float64Array.from(v as ArrayLike<number>) as never);
          expect(serialize(outcome.value)).toEqual(serialize(reference));
        }
      }),
      { numRuns: RUNS },
    );
    expectAlive();
  });
});

/** Entry points taking a matrix (or anything else: an operator, options, a scalar) in one argument. */
/** min ½‖y − x‖² s.t. Σy = 1: y = x − (Σx − 1)/n·1, ν = (Σx − 1)/n. */
const kkt: KKTSpec = {
  solve: (x) => {
    const nu = (x[0] + x[1] + x[2] - 1) / 3;
    return { y: Float64Array.from(x, (v) => v - nu), nu: [nu] };
  },
  grad: (x, y) => Float64Array.from(y, (v, i) => v - x[i]),
  eq: (_x, y) => [y[0] + y[1] + y[2] - 1],
};

const otherSlots: [string, (v: never) => unknown][] = [
  ['solveQP problem', (v) => solveQP(v)],
  ['solveQP Q', (v) => solveQP({ Q: v, c: b3 })],
  ['solveQP c', (v) => solveQP({ Q: A3, c: v })],
  ['solveQP G', (v) => solveQP({ Q: A3, c: b3, G: v, h: [1] })],
  ['solveQP options', (v) => solveQP({ Q: A3, c: b3 }, v)],
  ['implicitKKT spec', (v) => implicitKKT(v).jacobian(b3)],
  ['implicitKKT solve returns', (v) => implicitKKT({ ...kkt, solve: () => ({ y: v as never, nu: [0] }) }).jacobian(b3)],
  ['implicitKKT grad returns', (v) => implicitKKT({ ...kkt, grad: () => v }).jacobian(b3)],
  ['implicitKKT eq returns', (v) => implicitKKT({ ...kkt, eq: () => v }).jacobian(b3)],
  ['implicitKKT jvp dx', (v) => implicitKKT(kkt).jvp(b3, v)],
  ['implicitKKT activeTolerance', (v) => implicitKKT({ ...kkt, activeTolerance: v }).jacobian(b3)],

  ['cholesky(A)', (v) => cholesky(v)],
  ['lu(A)', (v) => lu(v)],
  ['ldlt(A)', (v) => ldlt(v)],
  ['solve(A, ·)', (v) => solve(v, b3)],
  ['solve options', (v) => solve(A3, b3, v)],
  ['lstsq options', (v) => lstsq(A3, b3, v)],
  ['matmul(A, ·)', (v) => matmul(v, A3)],
  ['matmul(·, B)', (v) => matmul(A3, v)],
  ['matvec transpose', (v) => matvec(A3, b3, v)],
  ['new Matrix(3, 1, data)', (v) => new Matrix(3, 1, v)],
  ['Matrix.from', (v) => Matrix.from(v)],
  ['Matrix.set', (v) => Matrix.identity(2).set(0, 0, v)],
  ['cg operator', (v) => cg(v, b3)],
  ['cg options', (v) => cg(op3, b3, v)],
  ['gmres restart', (v) => gmres(op3, b3, { restart: v })],
  ['minres preconditioner', (v) => minres(op3, b3, { preconditioner: v })],
  ['cg matvec returns', (v) => cg({ rows: 3, cols: 3, matvec: () => v }, b3)],
  ['bicgstab preconditioner returns', (v) => bicgstab(op3, b3, { preconditioner: () => v })],
  ['backwardError A', (v) => backwardError(v, new Float64Array(3), b3)],
  ['refineSolution correct returns', (v) => refineSolution(A3, b3, new Float64Array(3), () => v)],
  ['refineSolution options', (v) => refineSolution(A3, b3, new Float64Array(3), (r) => lu(A3).solve(r), v)],
  ['lapack.potrf a', (v) => lapack.potrf(2, v, 2)],
  ['lapack.potrf n', (v) => lapack.potrf(v, new Float64Array([4, 1, 1, 4]), 2)],
  ['lapack.getrf ipiv', (v) => lapack.getrf(2, 2, new Float64Array([1, 2, 3, 4]), 2, v)],
  [
    'lapack.gemm alpha',
    (v) => lapack.gemm(0, 0, 1, 1, 1, v, new Float64Array(1), 1, new Float64Array(1), 1, 0, new Float64Array(1), 1),
  ],
  ['lapack.gemv y', (v) => lapack.gemv(0, 1, 1, 1, new Float64Array(1), 1, new Float64Array(1), 0, v)],
  ['lapack.trsm side', (v) => lapack.trsm(v, 0, 0, 0, 1, 1, 1, new Float64Array([2]), 1, new Float64Array([1]), 1)],
  ['prepare(A)', (v) => prepare(v)],
  ['prepare options', (v) => prepare(A3, v)],
  ['implicitJacobian dFdy', (v) => implicitJacobian(v, Matrix.identity(3))],
  ['implicitJacobian dFdx', (v) => implicitJacobian(A3, v)],
  ['implicitJacobian options', (v) => implicitJacobian(A3, Matrix.identity(3), v)],
  ['hypergradient hessian', (v) => hypergradient(v, Matrix.identity(3), b3)],
  ['implicitDerivative', (v) => implicitDerivative(v, 2)],
  ['shiftOperator sigma', (v) => shiftOperator(op3, v)],
  ['transposeOperator', (v) => transposeOperator(v, 'A')],
  ['denseOperator', (v) => denseOperator(v)],
  ['implicitRoot spec', (v) => implicitRoot(v).vjp(b3, b3)],
  ['implicitRoot solve returns', (v) => implicitRoot({ ...linearRoot, solve: () => v }).vjp(b3, b3)],
  ['implicitRoot F returns', (v) => implicitRoot({ ...linearRoot, F: () => v }).vjp(b3, b3)],
  ['implicitRoot dFdy returns', (v) => implicitRoot({ ...linearRoot, dFdy: () => v }).jacobian(b3)],
  ['implicitRoot dFdx returns', (v) => implicitRoot({ ...linearRoot, dFdx: () => v }).jvp(b3, b3)],
  ['implicitRoot residualTolerance', (v) => implicitRoot({ ...linearRoot, residualTolerance: v }).vjp(b3, b3)],
  ['implicitArgmin valueAndGrad loss returns', (v) => implicitArgmin(linearArgmin).valueAndGrad(b3, () => v)],
  ['implicitFixedPoint T returns', (v) => implicitFixedPoint({ solve: () => b3, T: () => v }).vjp(b3, b3)],
  ['SparseMatrix.fromDense', (v) => SparseMatrix.fromDense(v)],
  ['SparseMatrix.fromDense options', (v) => SparseMatrix.fromDense(A3, v)],
  ['SparseMatrix.fromTriplets values', (v) => SparseMatrix.fromTriplets(3, 3, [0, 1, 2], [0, 1, 2], v)],
  ['SparseMatrix.fromTriplets rows', (v) => SparseMatrix.fromTriplets(3, 3, v, [0, 1, 2], [1, 1, 1])],
  ['sparseCholesky(A)', (v) => sparseCholesky(v)],
  ['sparseCholesky options', (v) => sparseCholesky(SparseMatrix.fromDense(A3), v)],
  ['sparseLdlt options', (v) => sparseLdlt(SparseMatrix.fromDense(A3), v)],
];

describe.each(otherSlots)('%s with a random bad value', (_name, call) => {
  it('a typed error or an answer, never a TypeError, a trap or a hang', () => {
    fc.assert(
      fc.property(junk, (v) => {
        expectTyped(run(() => call(v as never)));
      }),
      { numRuns: RUNS },
    );
    expectAlive();
  });
});
