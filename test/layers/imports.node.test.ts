import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layering of DESIGN.md §2, checked on the import statements of the sources: no module imports
// (even a type) from a layer above its own, and neither src/ nor assembly/ has an import cycle.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every .ts file under `dir`, as paths relative to the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** The relative imports and re-exports of `file`, resolved to repository paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s+'(\.[^']+)'/gms)) {
    const target = relative(root, resolve(root, dirname(file), m[1]));
    out.push(target.endsWith('.js') ? `${target.slice(0, -3)}.ts` : `${target}.ts`);
  }
  return out;
}

/** The import graph of `files` (edges to files outside them left out). */
function graphOf(files: string[]): Map<string, string[]> {
  return new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
}

/** One cycle of the graph, as a path that returns to its start, or undefined (depth-first search). */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === 'done') return undefined;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, 'open');
    stack.push(f);
    for (const t of graph.get(f) ?? []) {
      const cycle = visit(t);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of graph.keys()) {
    const cycle = visit(f);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

/** Rank of each folder of src/: a module may import only from its own rank or below. */
const RANK: Record<string, number> = {
  'errors.ts': 0,
  check: 0,
  'disposable.ts': 0,
  'random.ts': 0,
  wasm: 1,
  linalg: 2,
  sparse: 2,
  operators: 3,
  krylov: 4,
  solvers: 5,
  implicit: 6,
  qp: 6,
  jax: 7,
  'index.ts': 9,
};

function rank(file: string): number {
  const top = file.split('/')[1];
  const r = RANK[top];
  if (r === undefined)
    throw new Error(`${file}: its folder has no rank in the layering (test/layers/imports.node.test.ts)`);
  return r;
}

describe('layers', () => {
  it('src/ has no import cycle', () => {
    expect(findCycle(graphOf(sources('src')))).toBeUndefined();
  });

  it('assembly/ has no import cycle', () => {
    expect(findCycle(graphOf(sources('assembly')))).toBeUndefined();
  });

  it('no module of src/ imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const file of sources('src')) {
      for (const target of importsOf(file)) {
        if (!target.startsWith('src/')) continue;
        if (rank(target) > rank(file)) upward.push(`${file} → ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it('the checker finds a cycle where there is one, and reads both import forms', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
    ]);
    expect(findCycle(graph)).toEqual(['a', 'b', 'c', 'a']);
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', []],
        ]),
      ),
    ).toBeUndefined();
    expect(importsOf('src/index.ts')).toContain('src/solvers/prepared.ts');
    expect(importsOf('assembly/gemm.ts')).toContain('assembly/threads.ts');
  });
});
