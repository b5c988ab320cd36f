import { OutOfMemoryError, ShapeError } from '../errors.js';
import { kernels } from './instance.js';

// WebAssembly memory never shrinks, and a FinalizationRegistry runs its callbacks only between
// tasks: a synchronous loop that makes factorizations and forgets `dispose()` would keep every
// factor in WASM memory until the loop ends, and run out of it. So the blocks that factorizations
// keep there (spillable blocks) form a bounded working set, as pages do in virtual memory: when
// making room for a new one would take their total above a budget, the least recently used ones are
// copied out to JavaScript memory owned by their block object — which the garbage collector sees and
// frees with it — and their WASM block is freed; a block copied out is copied back when next used.
// The choice of whom to copy out is the CLOCK approximation of least-recently-used (Corbató 1968):
// blocks queue in the order they moved in, a use sets a bit, and a block at the head whose bit is
// set is cleared and requeued instead of copied out. A block is written only through its offset
// while in WASM memory (a sparse refactor), and a copy is dropped once copied back, so copying out
// and back preserves every bit. Dense and sparse factorizations alike keep one block each here.
//
// A block copied back proves that its owner lives on: the budget grows by its size (up to
// MAX_BUDGET), so that a live working set larger than the initial budget stops being copied back and
// forth; garbage is never copied back, so a loop that forgets `dispose()` keeps the initial budget.
//
// What the FinalizationRegistry holds for a block (a Slot) must not reach its copy: the registry
// keeps it until the owner's callback runs, after the loop. The queue holds blocks only while they
// are in WASM memory, and a block holds its copy only while it is not.

/** Budget of spillable bytes in WASM memory before any is copied out. */
const INITIAL_BUDGET = 64 * 2 ** 20;
/** The budget's ceiling, however many blocks are copied back. */
const MAX_BUDGET = 2 ** 30;

let budget = INITIAL_BUDGET;
let residentBytes = 0;
/** Spillable blocks not yet disposed nor collected, and their bytes. */
let alive = 0;
let aliveBytes = 0;

/** The registry's record of a block: its offset while in WASM memory (0 while copied out). */
interface Slot {
  ptr: number;
  readonly bytes: number;
}

/** Blocks in WASM memory, in the order they moved in (the CLOCK's queue). */
const queue = new Map<Slot, SpillableBlock>();
/** The block used last: never copied out while a caller may still hold its offset. */
let current: SpillableBlock | undefined;

const registry = new FinalizationRegistry<Slot>((slot) => {
  alive--;
  aliveBytes -= slot.bytes;
  if (slot.ptr === 0) return;
  queue.delete(slot);
  residentBytes -= slot.bytes;
  kernels().free(slot.ptr);
  slot.ptr = 0;
});

/**
 * A block of WASM memory owned by a JavaScript object, in the working set (see above): copied out
 * when room is needed, copied back by {@link SpillableBlock.ptr}, freed by `dispose()` or when its
 * owner is collected.
 */
export class SpillableBlock {
  readonly #slot: Slot;
  #copy: Uint8Array | undefined;
  #used = true;

  /**
   * Adopts `ptr`, a block of `bytes` bytes from {@link allocateSpillable} that holds its final
   * contents, for `owner`: the block is freed when `owner` is collected without `dispose()`.
   */
  constructor(owner: object, ptr: number, bytes: number) {
    this.#slot = { ptr, bytes };
    registry.register(owner, this.#slot, this);
    alive++;
    aliveBytes += bytes;
    residentBytes += bytes;
    queue.set(this.#slot, this);
    current = this;
  }

  /** Whether `dispose()` has been called. */
  get disposed(): boolean {
    return this.#slot.ptr === 0 && this.#copy === undefined;
  }

  /**
   * The block's byte offset, valid until the next use of another spillable block or the next
   * allocation; copies it back first if it was copied out (undefined after `dispose()`).
   * @throws {OutOfMemoryError} when it cannot be copied back.
   */
  get ptr(): number | undefined {
    const slot = this.#slot;
    current = this;
    if (slot.ptr !== 0) {
      this.#used = true;
      return slot.ptr;
    }
    const copy = this.#copy;
    if (copy === undefined) return undefined;
    const ptr = allocateSpillable(slot.bytes, 'a factorization copied back into WebAssembly memory');
    new Uint8Array(kernels().memory.buffer, ptr, slot.bytes).set(copy);
    this.#copy = undefined;
    slot.ptr = ptr;
    this.#used = true;
    residentBytes += slot.bytes;
    queue.set(slot, this);
    budget = Math.min(MAX_BUDGET, budget + slot.bytes);
    return ptr;
  }

  /**
   * Copies the block out to JavaScript memory and frees it in WASM memory.
   * @throws {OutOfMemoryError} when JavaScript memory cannot hold the copy (the block stays).
   */
  spill(): void {
    const slot = this.#slot;
    const memory = kernels().memory.buffer;
    let copy: Uint8Array;
    try {
      // slice copies without zero-filling first; a shared memory (the threaded build) would give a
      // SharedArrayBuffer, so it is copied into a plain one.
      copy =
        memory instanceof ArrayBuffer
          ? new Uint8Array(memory.slice(slot.ptr, slot.ptr + slot.bytes))
          : new Uint8Array(slot.bytes);
    } catch (cause) {
      throw outOfMemory(`JavaScript memory cannot hold a copy of ${slot.bytes} bytes`, cause);
    }
    if (!(memory instanceof ArrayBuffer)) copy.set(new Uint8Array(memory, slot.ptr, slot.bytes));
    this.#copy = copy;
    this.#leave();
  }

  /** Frees the block now (wherever it is); disposing twice is harmless. */
  dispose(): void {
    if (this.disposed) return;
    registry.unregister(this);
    alive--;
    aliveBytes -= this.#slot.bytes;
    this.#copy = undefined;
    if (this.#slot.ptr !== 0) this.#leave();
    if (current === this) current = undefined;
  }

  /** Takes the block out of WASM memory and the queue. */
  #leave(): void {
    const slot = this.#slot;
    queue.delete(slot);
    residentBytes -= slot.bytes;
    kernels().free(slot.ptr);
    slot.ptr = 0;
  }

  /** For the CLOCK: whether the block was used since the hand last passed it, clearing the bit. */
  takeUsed(): boolean {
    const used = this.#used;
    this.#used = false;
    return used;
  }
}

/**
 * Copies out the block the CLOCK's hand selects (see above) and returns whether there was one
 * (every block but the one in use is a candidate). A block requeued during the loop comes round
 * again in it, its bit now clear: one revolution.
 */
function spillOne(): boolean {
  for (const [slot, block] of queue) {
    if (block === current) continue;
    if (block.takeUsed()) {
      queue.delete(slot);
      queue.set(slot, block);
      continue;
    }
    block.spill();
    return true;
  }
  return false;
}

/**
 * The byte offset of a new block of `bytes` bytes for a {@link SpillableBlock}, after copying out
 * the least recently used blocks that would take the working set above its budget. `what` names it
 * in the error thrown when it cannot be had.
 * @throws {OutOfMemoryError} when WASM memory cannot provide it even with every other block copied out.
 */
export function allocateSpillable(bytes: number, what: string): number {
  if (bytes <= MAX_BLOCK_BYTES) while (residentBytes + bytes > budget && spillOne()) {}
  return allocate(bytes, what);
}

/** Largest block the core's TLSF allocator hands out (2^30 - 4 bytes, rounded down to 16). */
export const MAX_BLOCK_BYTES = 2 ** 30 - 16;

/**
 * The byte offset of a new block of `bytes` bytes from the core's allocator; when WASM memory cannot
 * grow to provide it, every spillable block but the one in use is copied out first and the
 * allocation tried again.
 * @throws {ShapeError} when it is larger than one block can be.
 * @throws {OutOfMemoryError} when it still cannot be had.
 */
export function allocate(bytes: number, what: string): number {
  if (bytes > MAX_BLOCK_BYTES) {
    throw new ShapeError(
      `${what} needs ${(bytes / 2 ** 30).toFixed(2)} GiB, more than the ${(MAX_BLOCK_BYTES / 2 ** 30).toFixed(2)} GiB that one block of 32-bit WebAssembly memory can hold`,
    );
  }
  const k = kernels();
  try {
    return k.alloc(bytes) >>> 0;
  } catch {
    // The allocator traps when memory.grow fails, before it changes any of its state.
  }
  let spilled = false;
  while (spillOne()) spilled = true;
  let cause: unknown;
  if (spilled) {
    try {
      return k.alloc(bytes) >>> 0;
    } catch (error) {
      cause = error;
    }
  }
  throw outOfMemory(
    `${what} needs ${bytes} bytes, which WebAssembly memory (${k.memory.buffer.byteLength} bytes now, at most 4 GiB) cannot provide`,
    cause,
  );
}

function outOfMemory(what: string, cause: unknown): OutOfMemoryError {
  return new OutOfMemoryError(
    `${what}: ${alive} factorizations that have been neither disposed nor garbage-collected hold ${aliveBytes} bytes (${residentBytes} of them in WebAssembly memory); call dispose() on the ones no longer needed, or declare them with \`using\``,
    alive,
    aliveBytes,
    cause === undefined ? undefined : { cause },
  );
}

/** The working set's state, for tests and benchmarks. */
export function workingSet(): { budget: number; residentBytes: number; alive: number; aliveBytes: number } {
  return { budget, residentBytes, alive, aliveBytes };
}

/** Sets the budget (for tests: a small one makes copying out happen at small sizes); returns the previous. */
export function setWorkingSetBudget(bytes: number): number {
  const previous = budget;
  budget = bytes;
  return previous;
}
