// The one internal barrel of the tests: the public surface, and the internals that kernel, memory
// and backend tests reach below it. Tests import from here or from src/index.ts, never deep paths.
export * from '../src/index.js';
export { norm2 } from '../src/krylov/vector.js';
export { choleskySolveChecked } from '../src/linalg/cholesky-solve.js';
export { gemvRows, gemvRowsWithNorm, gemvTransposedRows } from '../src/linalg/dense-products.js';
export { checkedOperator } from '../src/operators/linear-operator.js';
export { mulberry32 } from '../src/random.js';
export { solveOnce } from '../src/solvers/select.js';
export { allocF64, allocI32, f64View, free, i32View } from '../src/wasm/heap.js';
export { kernels } from '../src/wasm/instance.js';
export { newPrivateBytes } from '../src/wasm/pool.js';
export { scratch } from '../src/wasm/scratch.js';
export { allocate, setWorkingSetBudget, workingSet } from '../src/wasm/working-set.js';
