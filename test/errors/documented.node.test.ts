import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASES, CLASSES } from './cases.js';

// The table of cases.ts must cover every `@throws {Type}` in the TSDoc of every function that
// src/index.ts exports (the `lapack` namespace by its functions), and name only real error classes.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Public function name → the error classes its TSDoc documents with `@throws {Type}`. */
function documented(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of read('src/index.ts').matchAll(/export\s+(?:\*\s+as\s+(\w+)|\{([^}]*)\})\s+from\s+'([^']+)'/g)) {
    const file = join('src', m[3].replace(/\.js$/, '.ts'));
    const text = read(file);
    const names =
      m[1] !== undefined
        ? [...text.matchAll(/export function (\w+)/g)].map((x) => x[1])
        : m[2]
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== '' && !s.startsWith('type '));
    for (const name of names) {
      const doc = text.match(new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*)\\*/\\s*export (?:async )?function ${name}\\b`));
      if (doc === null) continue;
      const throws = [...new Set([...doc[1].matchAll(/@throws \{(\w+)\}/g)].map((x) => x[1]))];
      if (throws.length > 0) out.set(m[1] !== undefined ? `${m[1]}.${name}` : name, throws);
    }
  }
  return out;
}

describe('documented errors', () => {
  it('every @throws of every exported function has a case in cases.ts', () => {
    const missing: string[] = [];
    const docs = documented();
    expect(docs.size).toBeGreaterThan(20);
    for (const [fn, classes] of docs) {
      for (const name of classes)
        if (CASES[fn]?.[name as keyof (typeof CASES)[string]] === undefined) missing.push(`${fn}: ${name}`);
    }
    expect(missing).toEqual([]);
  });

  it('every documented class is an error class of the library', () => {
    const unknown: string[] = [];
    for (const [fn, classes] of documented()) {
      for (const name of classes) if (!(name in CLASSES)) unknown.push(`${fn}: ${name}`);
    }
    expect(unknown).toEqual([]);
  });

  it('every case of a function that documents its errors is documented', () => {
    const undocumented: string[] = [];
    for (const [fn, classes] of documented()) {
      for (const name of Object.keys(CASES[fn] ?? {})) if (!classes.includes(name)) undocumented.push(`${fn}: ${name}`);
    }
    expect(undocumented).toEqual([]);
  });
});
