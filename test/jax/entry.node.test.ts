import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// A user who does not use jax-js installs nothing more: only src/jax/ may import @jax-js/jax, and
// nothing outside it imports src/jax/, so the root entry's module graph never reaches it.

const root = new URL('../../', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('the implicit-diff/jax entry', () => {
  it('is the only part of src/ that imports @jax-js/jax, and nothing else imports it', () => {
    const outside = sources('src').filter((f) => !f.startsWith(join('src', 'jax')));
    expect(outside.length).toBeGreaterThan(20);
    for (const file of outside) {
      const text = readFileSync(join(root, file), 'utf8');
      expect(text, file).not.toMatch(/from\s+['"]@jax-js\/jax['"]/);
      expect(text, file).not.toMatch(/from\s+['"][./]*jax\//);
    }
  });

  it('is exported as implicit-diff/jax, with @jax-js/jax an optional peer dependency', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['./jax']).toEqual({
      types: './dist/jax/index.d.ts',
      import: './dist/jax/index.js',
      require: './dist/jax/index.js',
      default: './dist/jax/index.js',
    });
    expect(pkg.peerDependencies['@jax-js/jax']).toBeDefined();
    expect(pkg.peerDependenciesMeta['@jax-js/jax']).toEqual({ optional: true });
    expect(pkg.dependencies['@jax-js/jax']).toBeUndefined();
  });

  it('the package resolves implicit-diff/jax by name to the built adapter', async () => {
    const adapter = await import('implicit-diff/jax');
    expect(typeof adapter.jaxArgmin).toBe('function');
    expect(typeof adapter.jaxRoot).toBe('function');
    expect(typeof adapter.jaxFixedPoint).toBe('function');
  });
});
