// Timing: contenders of one cell (operation, size) are checked, warmed up, then timed in
// interleaved rounds — round r runs every live contender once, in an order rotated by r, so a
// slow drift of the machine (another process, thermal state) falls on all of them alike. A sample
// is `reps` back-to-back calls (reps chosen so a sample lasts at least `sampleMs`), and the
// reported time per call is the median over rounds.

/**
 * Clocks in milliseconds. 'wall' is performance.now(). 'cpu' is the CPU time of this process (user +
 * system, µs resolution): it leaves out the time other processes hold the core, but counts every
 * thread of this one — V8's background GC, and the worker threads of a peer such as jax-js, whose
 * work then lands in the sample of whichever contender runs meanwhile.
 */
export const CLOCKS = {
  wall: () => performance.now(),
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e3;
  },
};
const debug = process.env.BENCH_DEBUG ? (...a) => console.error('  [harness]', ...a) : () => {};

/**
 * @typedef {object} Contender
 * @property {string} name
 * @property {() => Promise<unknown> | unknown} prepare  builds the library's own input (untimed)
 * @property {(state: unknown) => unknown} run           the timed call
 * @property {(raw: unknown, state: unknown) => unknown} result  extracts what the check reads (untimed)
 * @property {(raw: unknown, state: unknown) => void} [release]  frees a result (timed with run: a user pays it)
 * @property {(state: unknown) => void} [dispose]        frees the prepared input after the cell
 * @property {() => Promise<void>} [recover]             reloads the library after a crash
 * @property {{ prepare(): Promise<{reps: number, perCall: number, checkError: number}>, sample(): Promise<number> }} [remote]
 *   a contender in another process (the native reference): it checks and warms up itself, and
 *   each round asks it for one sample
 */

/** Median of a non-empty list. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function describe(e) {
  const text = e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e);
  return text.split('\n')[0].slice(0, 160);
}

/**
 * Times one cell. Options: rounds (max), minRounds, sampleMs (target duration of one sample),
 * warmupMs, budgetMs (per contender: fewer rounds for slow calls, never fewer than minRounds),
 * check(result) → {ok, error, message}, clock ('wall' or 'cpu', see CLOCKS).
 * Returns one record per contender: status 'ok' | 'failed', the median seconds per call, etc.
 */
export async function timeCell(contenders, options) {
  const { rounds = 7, minRounds = 3, sampleMs = 25, warmupMs = 60, budgetMs = 3000, check, clock = 'wall' } = options;
  const now = CLOCKS[clock];
  const live = [];
  const records = new Map();
  for (const c of contenders) {
    const rec = { name: c.name, status: 'ok', samples: [], reps: 1 };
    records.set(c.name, rec);
    let state;
    if (c.remote) {
      try {
        const r = await c.remote.prepare();
        Object.assign(rec, { reps: r.reps, checkError: r.checkError, alt: r.alt });
        const affordable = Math.floor(budgetMs / 1e3 / Math.max(r.perCall * r.reps, 1e-6));
        rec.rounds = r.perCall * 1e3 >= budgetMs / 4 ? 1 : Math.max(minRounds, Math.min(rounds, affordable));
        live.push({ c, rec });
      } catch (e) {
        rec.status = 'failed';
        rec.reason = describe(e);
      }
      continue;
    }
    try {
      debug(c.name, 'prepare');
      state = await c.prepare();
      debug(c.name, 'first call');
      const t0 = now();
      const raw = c.run(state);
      const first = now() - t0;
      const verdict = check(c.result(raw, state));
      c.release?.(raw, state);
      rec.checkError = verdict.error;
      if (!verdict.ok) throw new Error(`wrong result — ${verdict.message}`);
      if (first >= budgetMs / 4) {
        // A slow call: JIT warm-up is negligible beside it; take as few samples as the budget allows.
        rec.reps = 1;
        rec.rounds = Math.max(1, Math.min(minRounds, Math.floor(budgetMs / first)));
      } else {
        // Warm-up: at least two more calls and warmupMs, which also estimates the time per call.
        let calls = 0;
        const t1 = now();
        let elapsed = 0;
        do {
          // (not `c.release?.(c.run(state))`: optional chaining would skip the call when release is absent)
          const raw = c.run(state);
          if (c.release) c.release(raw, state);
          calls++;
          elapsed = now() - t1;
        } while ((calls < 2 || elapsed < warmupMs) && elapsed < budgetMs / 4);
        const perCall = Math.min(first, elapsed / calls);
        rec.reps = Math.max(1, Math.ceil(sampleMs / Math.max(perCall, 1e-4)));
        const affordable = Math.floor(budgetMs / Math.max(perCall * rec.reps, 1e-3));
        rec.rounds = Math.max(minRounds, Math.min(rounds, affordable));
      }
      debug(c.name, `first ${first.toFixed(3)} ms, reps ${rec.reps}, rounds ${rec.rounds}`);
      live.push({ c, rec, state });
    } catch (e) {
      rec.status = 'failed';
      rec.reason = describe(e);
      if (state !== undefined) safely(() => c.dispose?.(state));
      await c.recover?.();
    }
  }
  const maxRounds = Math.max(0, ...live.map((l) => l.rec.rounds));
  for (let r = 0; r < maxRounds; r++) {
    const order = live.filter((l) => l.rec.status === 'ok' && l.rec.samples.length < l.rec.rounds);
    for (let k = 0; k < order.length; k++) {
      const { c, rec, state } = order[(k + r) % order.length];
      try {
        if (c.remote) {
          rec.samples.push(await c.remote.sample());
          continue;
        }
        const t0 = now();
        for (let i = 0; i < rec.reps; i++) {
          const raw = c.run(state);
          if (c.release) c.release(raw, state);
        }
        rec.samples.push((now() - t0) / 1e3 / rec.reps);
      } catch (e) {
        rec.status = 'failed';
        rec.reason = `during timing: ${describe(e)}`;
        await c.recover?.();
      }
    }
  }
  for (const { c, rec, state } of live) {
    if (state !== undefined) safely(() => c.dispose?.(state));
    if (rec.status === 'ok') {
      rec.seconds = median(rec.samples);
      rec.min = Math.min(...rec.samples);
    }
  }
  return contenders.map((c) => records.get(c.name));
}

function safely(f) {
  try {
    f();
  } catch {
    // a failed library may not free cleanly; the cell's result is already recorded
  }
}
