// The native reference as a contender: bench/native.py --serve (numpy/scipy, one thread) in a
// subprocess that answers one JSON line per request, so its samples are taken inside the
// JavaScript rounds. `startNative()` resolves to { available: false, note } when python3 with
// numpy and scipy is not there.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./native.py', import.meta.url));

export async function startNative() {
  const python = process.env.PYTHON ?? 'python3';
  const probe = spawnSync(python, ['-c', 'import numpy, scipy'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { available: false, note: `skipped: ${python} with numpy and scipy not found` };
  }
  // One thread for every threading layer; OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE (set on some of
  // these machines) force a slower kernel choice, so they are removed for this process only.
  const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const removedEnv = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'].filter((k) => k in env);
  for (const k of removedEnv) delete env[k];
  const child = spawn(python, [script, '--serve'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const pending = [];
  let exited = false;
  child.on('exit', (code) => {
    exited = true;
    for (const p of pending.splice(0))
      p.reject(new Error(`native.py exited (${code}): ${stderr.trim().split('\n').pop()}`));
  });
  createInterface({ input: child.stdout }).on('line', (line) => pending.shift()?.resolve(JSON.parse(line)));
  const request = (msg) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`native.py is not running: ${stderr.trim().split('\n').pop()}`));
      pending.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify(msg)}\n`);
    });
  try {
    const info = await request({ cmd: 'info' });
    return {
      available: true,
      removedEnv,
      info,
      /** Builds, checks and warms up one cell; throws on failure. */
      async prepare(op, n, timing) {
        const r = await request({ cmd: 'prepare', op, n, timing });
        if (r.error) throw new Error(r.error);
        return r;
      },
      /** One sample (reps calls) of the prepared cell: seconds per call. */
      async sample() {
        const r = await request({ cmd: 'sample' });
        if (r.error) throw new Error(r.error);
        return r.seconds;
      },
      close() {
        child.stdin.end();
      },
    };
  } catch (e) {
    child.kill();
    return { available: false, note: `failed to start: ${e.message}` };
  }
}
