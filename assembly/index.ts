// The exported kernels: pointers (byte offsets) and sizes in, LAPACK-style info codes out.
// Matrices are row-major with a leading dimension in elements. Nothing here throws or traps on
// arguments that src/ validated. The ABI is the `Kernels` interface of src/wasm/kernels.ts.
export { alloc, free } from './memory';
export { dot, axpy } from './blas1';
export { gemv } from './gemv';
export { gemm } from './gemm';
export { syrk } from './syrk';
export { trsm } from './trsm';
export { potrf } from './potrf';
export { potrs } from './potrs';
export { getrf } from './getrf';
export { getrs } from './getrs';
export { pocon } from './pocon';
export { checkedSolve, posvChecked, scaledSolve } from './checked';
export { rcondAtLeast, rcondBound } from './rcond-bound';
export { gecon } from './gecon';
export { potrfLogDet, getrfLogAbsDet, getrfDet, sytrfLogAbsDet } from './logdet';
export { norm1, norm1SymLower, normInf } from './norms';
// robust solves: symmetric indefinite LDLᵀ (Bunch–Kaufman) and least squares (QR with column pivoting)
export { sytrf, sytrfWorkLength } from './sytrf';
export { sytrs } from './sytrs';
export { sycon } from './sycon';
export { geqp3, geqp3WorkLength } from './geqp3';
export { ormqr } from './householder';
export { geqpr, geqprWorkLength } from './geqpr';
export { firstNonFinite } from './finite';
export { geequb, laqge, syequb, laqsy } from './equilibrate';
export { factorDense } from './factor-dense';
// sparse direct solvers: ordering, symbolic analysis, supernodal numeric factorization, solves
export { symmetricPattern, permutedTriangle } from './sparse/pattern';
export { amd, amdWorkLength, amdGraphLength } from './sparse/amd';
export { etree } from './sparse/etree';
export { postorder } from './sparse/postorder';
export { colcounts } from './sparse/colcounts';
export { supernodes } from './sparse/supernodes';
export { supernodePointers, supernodalRows, assemblyMap, updateWorkLength } from './sparse/symbolic';
export { supernodalFactor } from './sparse/supernodal';
export { supernodalSolve } from './sparse/solve';
export { supernodalDiagonal } from './sparse/diagonal';
