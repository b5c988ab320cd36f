// The exported kernels: pointers (byte offsets) and sizes in, LAPACK-style info codes out.
// Matrices are row-major with a leading dimension in elements. Nothing here throws or traps on
// arguments that src/ validated.
export { alloc, free } from './memory';
