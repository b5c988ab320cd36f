import {
  ArgumentError,
  bicgstab,
  ConvergenceError,
  cg,
  checkDerivatives,
  cholesky,
  componentwiseBackwardError,
  DerivativeCheckError,
  DisposedError,
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
  type LinearOperator,
  lapack,
  ldlt,
  lstsq,
  lu,
  Matrix,
  matmul,
  matvec,
  minres,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotQuasiDefiniteError,
  NotSymmetricError,
  OutOfMemoryError,
  prepare,
  ResidualError,
  refineSolution,
  ShapeError,
  SingularMatrixError,
  SparseMatrix,
  shiftOperator,
  solve,
  solveQP,
  sparseCholesky,
  sparseLdlt,
  transposeOperator,
} from '../../src/index.js';
import { allocate, free } from '../internal.js';

// One case per documented error of every public function: the call that triggers it, and the
// fields (`.pivot`, `.row`, `.col`, …) the error must carry. errors.test.ts runs them in every
// engine; documented.node.test.ts checks that the table covers every `@throws {Type}` in the TSDoc
// of every function exported from src/index.ts.

/** The error classes by name, as `@throws {Name}` writes them. */
export const CLASSES = {
  ArgumentError,
  ConvergenceError,
  DerivativeCheckError,
  DisposedError,
  ImplicitDiffError,
  NonFiniteError,
  NotPositiveDefiniteError,
  NotQuasiDefiniteError,
  NotSymmetricError,
  OutOfMemoryError,
  ResidualError,
  ShapeError,
  SingularMatrixError,
} as const;

export type ErrorName = keyof typeof CLASSES;

export interface ErrorCase {
  /** Throws (or rejects with) the error. */
  run: () => unknown;
  /** Fields the error must have, with their values. */
  fields?: Record<string, number>;
}

const NaN_ = Number.NaN;

/**
 * Runs `f` while untouched blocks fill WebAssembly memory (at most 4 GiB) — 512 MiB ones, then
 * ever smaller ones down to 1 KiB into what remains — then frees them.
 */
function withMemoryFull(f: () => unknown): unknown {
  const blocks: number[] = [];
  try {
    for (let bytes = 2 ** 29; bytes >= 1024; bytes /= 8) {
      try {
        for (;;) blocks.push(allocate(bytes, 'a test block'));
      } catch {}
    }
    return f();
  } finally {
    for (const ptr of blocks) free(ptr);
  }
}
/** The identity of order 2000, sparse: its analysis and factor need blocks of 8 KB and more. */
const sparseIdentity = SparseMatrix.fromTriplets(
  2000,
  2000,
  Array.from({ length: 2000 }, (_, i) => i),
  Array.from({ length: 2000 }, (_, i) => i),
  new Float64Array(2000).fill(1),
);
/** SPD and of order 20: its factor is a block of its own in WebAssembly memory (order > 16). */
const spd20 = Matrix.identity(20);
const spd3 = Matrix.from([
  [4, 1, 0],
  [1, 3, 1],
  [0, 1, 2],
]);
/** Indefinite: its leading minor of order 2 is 4·1 − 2·2 = 0, so Cholesky fails at pivot 1. */
const indefinite = Matrix.from([
  [4, 2, 0],
  [2, 1, 0],
  [0, 0, 1],
]);
/** SPD lower triangle, an upper triangle that does not mirror it at (row 2, col 0). */
const asymmetric = Matrix.from([
  [4, 1, 5],
  [1, 3, 1],
  [0, 1, 2],
]);
/** Singular: row 1 = 2·row 0, LU meets an exact zero at pivot 2 (0-based) after the row swaps. */
const singular = Matrix.from([
  [1, 2, 3],
  [2, 4, 6],
  [1, 0, 1],
]);
const withNaN = Matrix.from([
  [1, 0],
  [0, NaN_],
]);
const I3 = Matrix.identity(3);
const ones3 = [1, 1, 1];
/** A general operator whose GMRES cannot converge in one iteration. */
const slowOperator: LinearOperator = denseOperator(
  Matrix.from([
    [4, 1, 0],
    [0, 3, 1],
    [1, 0, 2],
  ]),
);
const disposedPrepared = (() => {
  const p = prepare(spd3, { structure: 'spd' });
  p.dispose();
  return p;
})();

const root = (options: object, F = (x: Float64Array, y: Float64Array) => [y[0] - x[0]]) =>
  implicitRoot({ solve: (x) => [x[0]], F, dFdy: () => [[1]], dFdx: () => [[-1]], ...options });

export const CASES: Record<string, Partial<Record<ErrorName, ErrorCase>>> = {
  cholesky: {
    ArgumentError: {
      run: () =>
        cholesky([
          [1, null as unknown as number],
          [0, 1],
        ]),
    },
    ShapeError: { run: () => cholesky(new Matrix(2, 3)) },
    NonFiniteError: { run: () => cholesky(withNaN) },
    NotPositiveDefiniteError: { run: () => cholesky(indefinite), fields: { pivot: 1 } },
    OutOfMemoryError: { run: () => withMemoryFull(() => cholesky(spd20)) },
  },
  lu: {
    ArgumentError: {
      run: () =>
        lu([
          [1, null as unknown as number],
          [0, 1],
        ]),
    },
    ShapeError: { run: () => lu([[1, 2]]) },
    NonFiniteError: { run: () => lu(withNaN) },
    SingularMatrixError: { run: () => lu(singular), fields: { pivot: 2 } },
    OutOfMemoryError: { run: () => withMemoryFull(() => lu(spd20)) },
  },
  ldlt: {
    ArgumentError: {
      run: () =>
        ldlt([
          [1, null as unknown as number],
          [0, 1],
        ]),
    },
    ShapeError: { run: () => ldlt([[1], [2, 3]]) },
    NonFiniteError: { run: () => ldlt(withNaN) },
    SingularMatrixError: { run: () => ldlt(new Matrix(2, 2)), fields: { pivot: 0 } },
    OutOfMemoryError: { run: () => withMemoryFull(() => ldlt(spd20)) },
  },
  lstsq: {
    ShapeError: { run: () => lstsq([[1], [2]], [1]) },
    NonFiniteError: { run: () => lstsq(withNaN, [1, 1]) },
    ArgumentError: { run: () => lstsq([[1]], [1], { rankTolerance: -1 }) },
  },
  solve: {
    ShapeError: { run: () => solve(spd3, [1, 1]) },
    NonFiniteError: { run: () => solve(spd3, [1, NaN_, 1]) },
    NotPositiveDefiniteError: { run: () => solve(indefinite, ones3, { assume: 'spd' }), fields: { pivot: 1 } },
    SingularMatrixError: { run: () => solve(singular, ones3), fields: { pivot: 2 } },
    ArgumentError: { run: () => solve(spd3, ones3, { assume: 'positive' as 'spd' }) },
  },
  matmul: {
    ShapeError: { run: () => matmul(new Matrix(2, 3), new Matrix(2, 3)) },
    NonFiniteError: { run: () => matmul(withNaN, Matrix.identity(2)) },
    ArgumentError: { run: () => matmul(spd3, spd3, new Float64Array(9) as unknown as Matrix) },
  },
  matvec: {
    ShapeError: { run: () => matvec(spd3, [1, 2]) },
    NonFiniteError: { run: () => matvec(spd3, [1, NaN_, 1]) },
    ArgumentError: { run: () => matvec(spd3, ones3, false, [0, 0, 0] as unknown as Float64Array) },
  },
  prepare: {
    ShapeError: { run: () => prepare(new Matrix(2, 3)) },
    ArgumentError: { run: () => prepare(spd3, { method: 'direct' as 'dense' }) },
    NonFiniteError: { run: () => prepare(withNaN) },
    NotSymmetricError: {
      run: () => prepare(asymmetric, { structure: 'spd', checkSymmetry: true }),
      fields: { row: 2, col: 0 },
    },
    NotPositiveDefiniteError: { run: () => prepare(indefinite, { structure: 'spd' }), fields: { pivot: 1 } },
    SingularMatrixError: { run: () => prepare(singular), fields: { pivot: 2 } },
  },
  hypergradient: {
    ShapeError: { run: () => hypergradient(new Matrix(2, 3), new Matrix(2, 1), [1, 1]) },
    ArgumentError: { run: () => hypergradient(spd3, I3, ones3, { structure: 'positive' as 'spd' }) },
    NonFiniteError: { run: () => hypergradient(spd3, I3, [1, NaN_, 1]) },
    NotPositiveDefiniteError: { run: () => hypergradient(indefinite, I3, ones3), fields: { pivot: 1 } },
    NotSymmetricError: { run: () => hypergradient(asymmetric, I3, ones3), fields: { row: 2, col: 0 } },
    ConvergenceError: { run: () => hypergradient(slowOperator, I3, ones3, { structure: 'general', maxIter: 1 }) },
    DisposedError: { run: () => hypergradient(disposedPrepared, I3, ones3) },
  },
  implicitJacobian: {
    ShapeError: { run: () => implicitJacobian(spd3, new Matrix(2, 1)) },
    ArgumentError: { run: () => implicitJacobian(spd3, I3, { onSingular: 'ignore' as 'throw' }) },
    NonFiniteError: { run: () => implicitJacobian(withNaN, Matrix.identity(2)) },
    SingularMatrixError: { run: () => implicitJacobian(singular, I3), fields: { pivot: 2 } },
    NotPositiveDefiniteError: {
      run: () => implicitJacobian(indefinite, I3, { structure: 'spd' }),
      fields: { pivot: 1 },
    },
    NotSymmetricError: {
      run: () => implicitJacobian(asymmetric, I3, { structure: 'spd' }),
      fields: { row: 2, col: 0 },
    },
    ConvergenceError: { run: () => implicitJacobian(slowOperator, I3, { maxIter: 1 }) },
    DisposedError: { run: () => implicitJacobian(disposedPrepared, I3) },
  },
  implicitDerivative: {
    ArgumentError: { run: () => implicitDerivative('1' as unknown as number, 1) },
    NonFiniteError: { run: () => implicitDerivative(NaN_, 1) },
    SingularMatrixError: { run: () => implicitDerivative(1, 0), fields: { pivot: 0 } },
  },
  cg: {
    ShapeError: { run: () => cg(denseOperator(spd3), new Float64Array(2)) },
    NonFiniteError: { run: () => cg(denseOperator(spd3), [1, NaN_, 1]) },
    ArgumentError: { run: () => cg(denseOperator(spd3), new Float64Array(3), { tol: -1 }) },
  },
  minres: {
    ShapeError: { run: () => minres(denseOperator(spd3), new Float64Array(2)) },
    NonFiniteError: { run: () => minres(denseOperator(spd3), [1, NaN_, 1]) },
    ArgumentError: { run: () => minres(denseOperator(spd3), new Float64Array(3), { maxIter: 1.5 }) },
  },
  gmres: {
    ShapeError: { run: () => gmres(denseOperator(spd3), new Float64Array(2)) },
    NonFiniteError: { run: () => gmres(denseOperator(spd3), [1, NaN_, 1]) },
    ArgumentError: { run: () => gmres(denseOperator(spd3), new Float64Array(3), { restart: 0 }) },
  },
  bicgstab: {
    ShapeError: { run: () => bicgstab(denseOperator(spd3), new Float64Array(2)) },
    NonFiniteError: { run: () => bicgstab(denseOperator(spd3), [1, NaN_, 1]) },
    ArgumentError: { run: () => bicgstab(denseOperator(spd3), new Float64Array(3), { atol: NaN_ }) },
  },
  componentwiseBackwardError: {
    ArgumentError: { run: () => componentwiseBackwardError(I3, 'x' as unknown as Float64Array, ones3) },
    ShapeError: { run: () => componentwiseBackwardError(I3, new Float64Array(2), ones3) },
    NonFiniteError: { run: () => componentwiseBackwardError(I3, Float64Array.of(1, NaN_, 1), ones3) },
  },
  refineSolution: {
    ArgumentError: { run: () => refineSolution(I3, ones3, new Float64Array(3), (r) => r, { maxSteps: -1 }) },
    ShapeError: { run: () => refineSolution(I3, ones3, new Float64Array(2), (r) => r) },
    NonFiniteError: {
      run: () => refineSolution(I3, ones3, new Float64Array(3), () => Float64Array.of(1, NaN_, 1)),
    },
  },
  transposeOperator: {
    ArgumentError: { run: () => transposeOperator({ rows: 2, cols: 2, matvec: (v) => v }, 'A') },
  },
  shiftOperator: {
    ShapeError: { run: () => shiftOperator({ rows: 2, cols: 3, matvec: (v) => v }, 1) },
    ArgumentError: { run: () => shiftOperator(denseOperator(spd3), '1' as unknown as number) },
    NonFiniteError: { run: () => shiftOperator(denseOperator(spd3), NaN_) },
  },
  jacobiPreconditioner: {
    ArgumentError: { run: () => jacobiPreconditioner([1, 0]) },
  },
  sparseCholesky: {
    ArgumentError: { run: () => sparseCholesky(spd3 as unknown as SparseMatrix) },
    ShapeError: { run: () => sparseCholesky(SparseMatrix.fromDense(new Matrix(2, 3))) },
    NotPositiveDefiniteError: {
      run: () => sparseCholesky(SparseMatrix.fromDense(indefinite), { ordering: 'natural' }),
      fields: { pivot: 1 },
    },
    OutOfMemoryError: { run: () => withMemoryFull(() => sparseCholesky(sparseIdentity)) },
  },
  sparseLdlt: {
    ArgumentError: { run: () => sparseLdlt(spd3 as unknown as SparseMatrix) },
    ShapeError: { run: () => sparseLdlt(SparseMatrix.fromDense(new Matrix(2, 3))) },
    SingularMatrixError: {
      run: () =>
        sparseLdlt(
          SparseMatrix.fromDense([
            [1, 0],
            [0, 0],
          ]),
          { ordering: 'natural' },
        ),
      fields: { pivot: 1 },
    },
    NotQuasiDefiniteError: {
      run: () => sparseLdlt(SparseMatrix.fromDense(Matrix.identity(2)), { ordering: 'natural', signs: [1, -1] }),
      fields: { pivot: 1 },
    },
    OutOfMemoryError: { run: () => withMemoryFull(() => sparseLdlt(sparseIdentity)) },
  },
  solveQP: {
    ArgumentError: { run: () => solveQP({ Q: spd3, c: ones3, A: [[1, 0, 0]] } as never) },
    ShapeError: { run: () => solveQP({ Q: spd3, c: [1, 1] }) },
    NonFiniteError: { run: () => solveQP({ Q: spd3, c: [1, NaN_, 1] }) },
    NotSymmetricError: { run: () => solveQP({ Q: asymmetric, c: ones3 }), fields: { row: 2, col: 0 } },
    NotPositiveDefiniteError: {
      run: () =>
        solveQP({
          Q: [
            [1, 0],
            [0, -1],
          ],
          c: [0, 0],
        }),
    },
  },
  implicitKKT: {
    ArgumentError: { run: () => implicitKKT({ solve: () => ({ y: [0] }), grad: () => [0], ineq: 5 as never }) },
    ShapeError: { run: () => implicitKKT({ solve: () => ({ y: [0] }), grad: () => [0, 0] }).jacobian([1]) },
    NonFiniteError: { run: () => implicitKKT({ solve: () => ({ y: [0] }), grad: () => [NaN_] }).jacobian([1]) },
    ResidualError: {
      run: () =>
        implicitKKT({ solve: () => ({ y: [0] }), grad: (x, y) => [y[0] - x[0]], residualTolerance: 1e-12 }).jacobian([
          1,
        ]),
    },
    SingularMatrixError: {
      run: () =>
        implicitKKT({
          solve: () => ({ y: [0] }),
          grad: () => [0],
          hessian: () => [[0]],
          crossHessian: () => [[1]],
        }).jacobian([1]),
    },
  },
  'lapack.potrf': { ShapeError: { run: () => lapack.potrf(3, new Float64Array(8), 3) } },
  'lapack.potrs': { ShapeError: { run: () => lapack.potrs(3, 1, new Float64Array(9), 3, new Float64Array(2), 1) } },
  'lapack.getrf': { ShapeError: { run: () => lapack.getrf(2, 2, new Float64Array(4), 2, new Int32Array(1)) } },
  'lapack.getrs': {
    ShapeError: { run: () => lapack.getrs(0, 2, 1, new Float64Array(4), 2, new Int32Array(1), new Float64Array(2), 1) },
    ArgumentError: {
      run: () => lapack.getrs(2, 1, 1, new Float64Array(1), 1, new Int32Array(1), new Float64Array(1), 1),
    },
  },
  'lapack.gemm': {
    ShapeError: {
      run: () =>
        lapack.gemm(0, 0, 2, 2, 2, 1, new Float64Array(3), 2, new Float64Array(4), 2, 0, new Float64Array(4), 2),
    },
    ArgumentError: {
      run: () =>
        lapack.gemm(3, 0, 2, 2, 2, 1, new Float64Array(4), 2, new Float64Array(4), 2, 0, new Float64Array(4), 2),
    },
  },
  'lapack.trsm': {
    ShapeError: { run: () => lapack.trsm(0, 0, 0, 0, 2, 1, 1, new Float64Array(3), 2, new Float64Array(2), 1) },
    ArgumentError: { run: () => lapack.trsm(2, 0, 0, 0, 2, 1, 1, new Float64Array(4), 2, new Float64Array(2), 1) },
  },
  'lapack.syrk': {
    ShapeError: { run: () => lapack.syrk(0, 0, -1, 2, 1, new Float64Array(4), 2, 0, new Float64Array(4), 2) },
    ArgumentError: { run: () => lapack.syrk(0, 5, 2, 2, 1, new Float64Array(4), 2, 0, new Float64Array(4), 2) },
  },
  'lapack.gemv': {
    ShapeError: {
      run: () => lapack.gemv(0, 2, 2, 1, new Float64Array(4), 2, new Float64Array(1), 0, new Float64Array(2)),
    },
    ArgumentError: {
      run: () => lapack.gemv(7, 2, 2, 1, new Float64Array(4), 2, new Float64Array(2), 0, new Float64Array(2)),
    },
  },
  // The wrappers' errors come from the methods of the function they return (see ImplicitFunction).
  'implicitRoot().jvp': {
    ShapeError: { run: () => root({}).jvp([1], [1, 2]) },
    NonFiniteError: { run: () => root({}).jvp([NaN_], [1]) },
    ArgumentError: { run: () => root({ method: 'direct' }).jvp([1], [1]) },
    ResidualError: { run: () => root({ residualTolerance: 1e-12 }, (x, y) => [y[0] - x[0] + 1]).jvp([1], [1]) },
    SingularMatrixError: {
      run: () => implicitRoot({ solve: () => [0], F: () => [0], dFdy: () => [[0]], dFdx: () => [[1]] }).jvp([1], [1]),
      fields: { pivot: 0 },
    },
  },
  'implicitArgmin().valueAndGrad': {
    ArgumentError: {
      run: () => implicitArgmin({ solve: () => [0], grad: (x, y) => [y[0] - x[0]] }).valueAndGrad([1], 1 as never),
    },
    NotPositiveDefiniteError: {
      run: () =>
        implicitArgmin({
          solve: () => [0],
          grad: () => [0],
          hessian: () => [[-1]],
          crossHessian: () => [[1]],
        }).valueAndGrad([1], () => [0, [1]]),
      fields: { pivot: 0 },
    },
    NotSymmetricError: {
      run: () =>
        implicitArgmin({
          solve: () => [0, 0],
          grad: () => [0, 0],
          hessian: () => [
            [2, 1],
            [0, 2],
          ],
          crossHessian: () => [[1], [1]],
        }).valueAndGrad([1], () => [0, [1, 1]]),
      fields: { row: 1, col: 0 },
    },
  },
  checkDerivatives: {
    ArgumentError: { run: () => checkDerivatives({ solve: () => [0] }, [1]) },
    ShapeError: { run: () => checkDerivatives({ solve: () => [0], grad: () => [0, 0], hessian: () => [[1]] }, [1]) },
    NonFiniteError: { run: () => checkDerivatives({ solve: () => [NaN_], grad: () => [0] }, [1]) },
  },
  'implicitArgmin().jacobian': {
    // g = ½(y − x)²: ∂²g/∂y∂x = −1, supplied with the wrong sign.
    DerivativeCheckError: {
      run: () =>
        implicitArgmin({
          solve: (x) => [x[0]],
          grad: (x, y) => [y[0] - x[0]],
          hessian: () => [[1]],
          crossHessian: () => [[1]],
          checkDerivatives: true,
        }).jacobian([0.5]),
    },
  },
  'implicitFixedPoint().vjp': {
    ConvergenceError: {
      run: () =>
        implicitFixedPoint({
          solve: () => [0, 0, 0],
          T: () => [0, 0, 0],
          dTdy: () => shiftOperator(slowOperator, -1),
          dTdx: () => I3,
          maxIter: 1,
        }).vjp([1, 1, 1], ones3),
    },
  },
  init: {
    // init is asynchronous: these reject. ImplicitDiffError itself: the core already runs and
    // another build is asked for.
    ArgumentError: { run: async () => (await import('../../src/index.js')).init({ threads: 0 }) },
    ImplicitDiffError: {
      run: async () => {
        const lib = await import('../../src/index.js');
        return lib.init({ fma: !lib.backend().fma });
      },
    },
  },
};
