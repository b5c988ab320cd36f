// Compiles src/ to dist/ (tsconfig.build.json) from a clean dist/, so that no file of an earlier
// build is published. Source maps embed their sources (inlineSources), because the package ships
// dist/ and not src/; the generated module of base64 strings gets none: its map would only repeat
// the strings it maps.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });

const generated = join(dist, 'wasm', 'core.generated.js');
const js = readFileSync(generated, 'utf8');
const stripped = js.replace(/\n\/\/# sourceMappingURL=core\.generated\.js\.map\s*$/, '\n');
if (stripped === js) throw new Error(`${generated}: no sourceMappingURL comment to remove`);
writeFileSync(generated, stripped);
rmSync(`${generated}.map`);
