// The allocator that TypeScript uses to place matrices in linear memory: the minimal runtime's
// TLSF heap. Blocks are 16-byte aligned; one block holds at most 2^30 - 4 bytes, a limit that
// src/ checks before calling (a larger request would abort, and abort is a trap here).

/** Allocates `bytes` bytes (16-byte aligned) and returns the byte offset of the block. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}
