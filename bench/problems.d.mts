// Types of bench/problems.mjs, for the tests that check the benchmark's own checks.

/** Outcome of a correctness check: `error` is the scaled residual (below 100 passes). */
export interface Verdict {
  ok: boolean;
  error: number;
  message?: string;
}

export interface Operation {
  title: string;
  flops(n: number): number;
  make(n: number, seed: number): Record<string, Float64Array | number> & { n: number };
  check(input: Record<string, Float64Array | number>, result: unknown): Verdict;
}

export function rng(seed: number): () => number;
export function matvec(M: Float64Array, m: number, n: number, x: Float64Array): { y: Float64Array; s: Float64Array };
export const OPS: Record<
  'gemm' | 'cholesky' | 'cholesky-solve' | 'lu' | 'lu-solve' | 'hypergradient' | 'jacobian',
  Operation
>;
export function toRows(a: Float64Array, m: number, n: number): number[][];
export function fromRows(rows: ArrayLike<ArrayLike<number>>): Float64Array;
export function permFromSwaps(ipiv: ArrayLike<number>, n: number): number[];
