// init({ threads }) where shared memory is missing, and its argument checks. A file of its own:
// the core must not have been started in this module context.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend, ImplicitDiffError, init } from '../../src/index.js';

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('threads: fallback and errors', () => {
  it('rejects a thread count that is not an integer from 1 to 32, naming it', async () => {
    for (const threads of [0, -1, 1.5, 33, Number.NaN]) {
      await expect(init({ threads })).rejects.toThrow(new RegExp(`threads: ${threads}\\b|threads: NaN`));
      await expect(init({ threads })).rejects.toBeInstanceOf(ImplicitDiffError);
    }
  });

  it('without SharedArrayBuffer, runs on one thread and warns why', async () => {
    vi.stubGlobal('SharedArrayBuffer', undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const active = await init({ threads: 2 });
    expect(active.threads).toBe(1);
    expect(backend().threads).toBe(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/runs on one thread: SharedArrayBuffer is not available/);
  });
});
