import { describe, expect, it } from 'vitest';
import { CASES, CLASSES, type ErrorName } from './cases.js';

// Every documented error of every public function, triggered: the exact class (not a subclass, not a
// plain TypeError), a message, and the fields it documents.

async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('documented errors', () => {
  for (const [fn, cases] of Object.entries(CASES)) {
    for (const [name, c] of Object.entries(cases)) {
      it(`${fn} throws ${name}`, async () => {
        const error = await thrown(c.run);
        expect(error).toBeInstanceOf(CLASSES[name as ErrorName]);
        expect((error as Error).constructor).toBe(CLASSES[name as ErrorName]);
        expect((error as Error).name).toBe(name);
        expect((error as Error).message.length).toBeGreaterThan(10);
        for (const [field, value] of Object.entries(c.fields ?? {})) {
          expect((error as unknown as Record<string, number>)[field]).toBe(value);
        }
      });
    }
  }
});
