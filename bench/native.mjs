// Runs bench/native.py (numpy/scipy, one thread) in a subprocess and returns its results, or
// { available: false, note } when python3 with numpy and scipy is not there.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./native.py', import.meta.url));

export function runNative({ ops, sizes, timing }) {
  const python = process.env.PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { available: false, note: `skipped: ${python} with numpy and scipy not found` };
  }
  // One thread for every threading layer; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some of
  // these machines) force a slower kernel choice, so they are removed for this process only.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const removed = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'].filter((k) => k in env);
  for (const k of removed) delete env[k];
  const res = spawnSync(python, [script], {
    input: JSON.stringify({ ops, sizes, timing }),
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
  });
  if (res.status !== 0) {
    return { available: false, note: `failed: ${(res.stderr || String(res.error)).trim().split('\n').pop()}` };
  }
  const out = JSON.parse(res.stdout);
  return { available: true, removedEnv: removed, info: out.info, results: out.results };
}
