// Output of a benchmark run: bench/results/<date>[-quick].json (everything measured),
// .md (tables, targets, machine) and .svg (GFLOP/s against n per library, log scales, drawn with
// vega-lite + vega in Node, as the main job's charts). `node bench/report.mjs --readme <run.json>`
// copies a run's summary into README.md between the markers <!-- bench:start --> and
// <!-- bench:end --> (only if both are there).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { OPS } from './problems.mjs';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const OURS = 'implicit-diff';
/** Our object API with preallocated `out` arrays (bench/peers/ours.mjs). */
const OURS_OUT = 'implicit-diff out';
const NATIVE = 'numpy/scipy';

export function fmtTime(s) {
  if (s === undefined) return '';
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toPrecision(3)} ms`;
  return `${(s * 1e6).toPrecision(3)} µs`;
}

const fmtRatio = (r) =>
  r === undefined || !Number.isFinite(r) ? '' : r >= 10 ? `${r.toFixed(0)}×` : `${r.toFixed(2)}×`;
const fmtGf = (g) => (g >= 10 ? g.toFixed(1) : g >= 0.1 ? g.toFixed(2) : g.toPrecision(2));

/** The contenders that appear in a run, ours first, in the order the run lists them. */
function columns(run, op) {
  const names = [];
  for (const c of run.cells)
    if (c.op === op) for (const r of c.records) if (!names.includes(r.name)) names.push(r.name);
  return names;
}

/** Fastest successful JS peer (not ours) of a cell. */
function bestPeer(cell) {
  const peers = cell.records.filter((r) => r.status === 'ok' && !r.name.startsWith(OURS));
  return peers.sort((a, b) => a.seconds - b.seconds)[0];
}

const ourRecord = (cell, name = OURS) => cell.records.find((r) => r.name === name && r.status === 'ok');
const nativeOk = (cell) => (cell.native?.status === 'ok' ? cell.native : undefined);

function opTable(run, op, notes) {
  const cells = run.cells.filter((c) => c.op === op);
  const names = columns(run, op);
  const hasNative = cells.some((c) => nativeOk(c));
  const head = [
    'n',
    ...names,
    ...(hasNative ? [`${NATIVE} (1 thread)`] : []),
    `${OURS} vs best JS peer`,
    ...(hasNative ? [`${OURS} vs native`] : []),
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---:' : '---:')).join('|')}|`];
  for (const cell of cells) {
    const row = [String(cell.n)];
    for (const name of names) {
      const r = cell.records.find((x) => x.name === name);
      if (!r) row.push('');
      else if (r.status === 'ok') row.push(`${fmtTime(r.seconds)} · ${fmtGf(r.gflops)}`);
      else row.push(`${r.status === 'failed' ? '✗ failed' : '— skipped'} [${note(notes, `${name}: ${r.reason}`)}]`);
    }
    const nat = cell.native;
    if (hasNative) {
      if (nat?.status === 'ok')
        row.push(`${fmtTime(nat.seconds)} · ${fmtGf(OPS[op].flops(cell.n) / nat.seconds / 1e9)}`);
      else row.push(nat ? `✗ failed [${note(notes, `${NATIVE}: ${nat.reason}`)}]` : '');
    }
    const ours = ourRecord(cell);
    const peer = bestPeer(cell);
    row.push(ours && peer ? `${fmtRatio(peer.seconds / ours.seconds)} (${peer.name})` : '');
    if (hasNative) row.push(ours && nativeOk(cell) ? fmtRatio(nat.seconds / ours.seconds) : '');
    lines.push(`| ${row.join(' | ')} |`);
  }
  const alt = cells.filter((c) => c.native?.alt);
  if (alt.length) {
    lines.push(
      '',
      `${NATIVE} with a ${alt[0].native.alt.label.replace(/^cho_solve, /, '')}: ` +
        alt.map((c) => `n = ${c.n}: ${fmtTime(c.native.alt.seconds)}`).join(', ') +
        ' (scipy copies a C-ordered factor to Fortran order on every cho_solve; the column above is the default C order).',
    );
  }
  return lines.join('\n');
}

function note(notes, text) {
  let i = notes.indexOf(text);
  if (i < 0) i = notes.push(text) - 1;
  return i + 1;
}

/** The issue's targets, checked against this run (undefined where the run lacks the data). */
export function targets(run) {
  const cell = (op, n) => run.cells.find((c) => c.op === op && c.n === n);
  const out = [];
  const vsNative = (op, n, min) => {
    const c = cell(op, n);
    const ours = c && ourRecord(c);
    const nat = c && nativeOk(c);
    const value = ours && nat ? nat.seconds / ours.seconds : undefined;
    out.push({
      what: `${op} n = ${n}: speed vs OpenBLAS 1 thread ≥ ${min}×`,
      value: value && fmtRatio(value),
      pass: value === undefined ? undefined : value >= min,
    });
  };
  const vsPeer = (op, n, peerName, min) => {
    const c = cell(op, n);
    const ours = c && ourRecord(c);
    const p = c?.records.find((r) => r.name === peerName && r.status === 'ok');
    const value = ours && p ? p.seconds / ours.seconds : undefined;
    out.push({
      what: `${op} n = ${n}: speed-up over ${peerName} ≥ ${min}×`,
      value: value && fmtRatio(value),
      pass: value === undefined ? undefined : value >= min,
    });
  };
  const gflops = (op, n, min) => {
    const c = cell(op, n);
    const ours = c && ourRecord(c);
    out.push({
      what: `${op} n = ${n}: ≥ ${min} GFLOP/s`,
      value: ours && fmtGf(ours.gflops),
      pass: ours ? ours.gflops >= min : undefined,
    });
  };
  vsNative('cholesky', 1024, 0.35);
  vsNative('lu', 1024, 0.3);
  vsNative('gemm', 1024, 0.2);
  vsNative('cholesky-solve', 1024, 1.0);
  {
    // scipy's default cho_solve copies a C-ordered factor every call; also against the variant without that copy.
    const c = cell('cholesky-solve', 1024);
    const ours = c && ourRecord(c);
    const alt = c?.native?.alt;
    const value = ours && alt ? alt.seconds / ours.seconds : undefined;
    out.push({
      what: 'cholesky-solve n = 1024: speed vs OpenBLAS cho_solve with a Fortran-ordered factor (no per-call copy) ≥ 1×',
      value: value && fmtRatio(value),
      pass: value === undefined ? undefined : value >= 1,
    });
  }
  vsPeer('cholesky', 512, 'ml-matrix', 20);
  vsPeer('lu', 512, 'ml-matrix', 15);
  vsPeer('gemm', 512, 'ml-matrix', 20);
  gflops('gemm', 1024, 15);
  gflops('cholesky', 1024, 13);
  gflops('lu', 1024, 11);
  // Small systems: never slower per call than the fastest JS peer, with and without `out`.
  for (const c of run.cells.filter((x) => x.n <= 16)) {
    const p = bestPeer(c);
    if (!p) continue;
    for (const [name, how] of [
      [OURS, ''],
      [OURS_OUT, ' with out'],
    ]) {
      const ours = ourRecord(c, name);
      if (name === OURS_OUT && !c.records.some((r) => r.name === name)) continue;
      const value = ours ? p.seconds / ours.seconds : undefined;
      out.push({
        what: `${c.op} n = ${c.n}${how}: per call no slower than the fastest JS peer (${p.name}, ${fmtTime(p.seconds)})`,
        value: ours && `${fmtTime(ours.seconds)} (${fmtRatio(value)})`,
        pass: ours ? value >= 1 : undefined,
      });
    }
  }
  return out;
}

function machineText(run) {
  const m = run.machine;
  const busy = Math.max(m.loadavgStart[0], m.loadavgEnd?.[0] ?? 0);
  const lines = [
    `- Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.platform}`,
    `- Engine: Node ${m.node}, V8 ${m.v8}; implicit-diff core: ${m.backend ? `${m.backend.fma ? 'fused multiply-add (relaxed SIMD)' : 'baseline SIMD'} build, ${m.backend.threads} thread(s)` : 'not recorded'}`,
    `- Load average (1, 5, 15 min) at start ${m.loadavgStart.map((x) => x.toFixed(2)).join(', ')}, at end ${m.loadavgEnd.map((x) => x.toFixed(2)).join(', ')}` +
      (busy > 0.5
        ? ` — **the machine was busy** (other processes competed for the ${m.cores} cores; timings are noisier and slower than on a quiet machine)`
        : ' (quiet)'),
    `- Libraries: ${Object.entries(run.libraries)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  ];
  const nat = run.native;
  if (nat.available) {
    const i = nat.info;
    lines.push(
      `- Native: Python ${i.python}, numpy ${i.numpy}, scipy ${i.scipy}, ${i.config ?? i.library} — kernel **${i.corename}**, ${i.threads} thread` +
        (nat.removedEnv?.length ? ` (unset for it: ${nat.removedEnv.join(', ')})` : ''),
    );
  } else lines.push(`- Native: ${nat.note}`);
  return lines.join('\n');
}

const METHOD = `Method: each cell (operation, n) builds one seeded input; every contender converts it to its own
format (untimed), runs once and has its result checked by a randomized O(n²) residual test
(scaled backward error < 100, e.g. ‖C·x − A·(B·x)‖ / (|A|·|B|·|x|·n·ε) for GEMM, ‖A·x − L·(Lᵀ·x)‖
for Cholesky); a contender that throws, traps or returns a wrong result is recorded as failed. Then
warm-up, and rounds in which every live contender takes one sample, in an order rotated each
round; a sample is enough back-to-back calls to last a few milliseconds; the time reported is the
median over rounds. Cells show time per call · GFLOP/s (flops: GEMM 2n³, Cholesky n³/3, LU 2n³/3,
solves 2n², hypergradient n³/3 + 4n², Jacobian 8n³/3). Ratios are speed-ups (other's time / ours):
above 1 we are faster. Solves time the solve only, from a factor made beforehand; the hypergradient
and the Jacobian are timed from scratch (factor, solve, product). A contender predicted to need
more than the cap per call is skipped at that size. numpy/scipy (check_finite=False) runs in a
Python subprocess that takes its sample inside each round, between the JavaScript contenders.`;

export function markdown(run) {
  const notes = [];
  const parts = [
    `# Benchmark: implicit-diff against JavaScript peers and native LAPACK`,
    '',
    `Run ${run.date} (${run.mode}, ${run.seconds.toFixed(0)} s of JavaScript timing), one core; times are the ${run.stat === 'min' ? '**minimum** (not the median)' : 'median'} over rounds of ${run.clock === 'cpu' ? 'the CPU time of each process (user + system: time other processes hold the core is left out)' : 'wall-clock time'}.`,
    '',
    machineText(run),
    '',
    METHOD.replace(/\n/g, ' '),
    '',
    '## Targets',
    '',
    '| target | measured | met |',
    '|---|---:|:---:|',
    ...targets(run).map(
      (t) => `| ${t.what} | ${t.value ?? 'not measured'} | ${t.pass === undefined ? '' : t.pass ? 'yes' : '**no**'} |`,
    ),
  ];
  for (const op of run.ops) {
    parts.push('', `## ${OPS[op].title}`, '', opTable(run, op, notes));
  }
  if (notes.length) parts.push('', '## Notes', '', ...notes.map((t, i) => `${i + 1}. ${t}`));
  parts.push('', `![GFLOP/s against n](${run.file}.svg)`, '');
  return parts.join('\n');
}

/** The chart: one panel per operation, GFLOP/s against n, one line per library, log–log. */
export async function chart(run) {
  const values = [];
  for (const c of run.cells) {
    for (const r of c.records)
      if (r.status === 'ok') values.push({ op: c.op, n: c.n, library: r.name, gflops: r.gflops });
    if (c.native?.status === 'ok') {
      values.push({
        op: c.op,
        n: c.n,
        library: `${NATIVE} (OpenBLAS, 1 thread)`,
        gflops: OPS[c.op].flops(c.n) / c.native.seconds / 1e9,
      });
    }
  }
  const libraries = [...new Set(values.map((v) => v.library))];
  const spec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: `GFLOP/s against n (${run.machine.cpu}, Node ${run.machine.node}, ${run.date.slice(0, 10)})`,
    data: { values },
    facet: { field: 'op', type: 'nominal', title: null, sort: run.ops },
    columns: 4,
    spec: {
      width: 220,
      height: 180,
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          scale: { type: 'log', base: 2 },
          axis: { values: run.sizes, labelOverlap: false, labelAngle: -45, format: 'd' },
        },
        y: { field: 'gflops', type: 'quantitative', scale: { type: 'log' }, title: 'GFLOP/s' },
        color: { field: 'library', type: 'nominal', title: 'library', sort: libraries, legend: { labelLimit: 320 } },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Writes <date>[-quick].json, .md and .svg into bench/results (or `out`); returns the paths. */
export async function writeReport(run, { out } = {}) {
  const dir = out ?? resultsDir;
  mkdirSync(dir, { recursive: true });
  const file = `${run.date.slice(0, 10)}${run.mode === 'quick' ? '-quick' : ''}`;
  run.file = file;
  const base = `${dir.endsWith('/') ? dir : `${dir}/`}${file}`;
  writeFileSync(`${base}.json`, `${JSON.stringify(run, null, 1)}\n`);
  writeFileSync(`${base}.md`, markdown(run));
  writeFileSync(`${base}.svg`, await chart(run));
  return [`${base}.md`, `${base}.json`, `${base}.svg`];
}

/** One line per operation at size n: our time and GFLOP/s, the best JS peer's, native's. */
function summaryTable(run, n) {
  const lines = [
    `| n = ${n} | implicit-diff | best JS peer | numpy/scipy, 1 thread | vs best peer | vs native |`,
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const c of run.cells.filter((x) => x.n === n)) {
    const ours = ourRecord(c);
    const peer = bestPeer(c);
    const nat = nativeOk(c);
    const show = (r) => (r ? `${fmtTime(r.seconds)} · ${fmtGf(OPS[c.op].flops(n) / r.seconds / 1e9)} GFLOP/s` : '—');
    lines.push(
      `| ${OPS[c.op].title} | ${show(ours)} | ${peer ? `${show(peer)} (${peer.name})` : '—'} | ${show(nat)} | ${
        ours && peer ? fmtRatio(peer.seconds / ours.seconds) : ''
      } | ${ours && nat ? fmtRatio(nat.seconds / ours.seconds) : ''} |`,
    );
  }
  return lines.join('\n');
}

/** README section: the targets, a summary at the largest and the smallest size, the chart. */
export function readmeSection(run) {
  const largest = Math.max(...run.sizes);
  const smallest = Math.min(...run.sizes);
  return [
    `Latest run: ${run.date.slice(0, 10)} (${run.mode}), ${run.machine.cpu}, Node ${run.machine.node}, one core; full tables in [bench/results/${run.file}.md](bench/results/${run.file}.md). Speed-ups are the other's time over ours.`,
    '',
    summaryTable(run, largest),
    '',
    summaryTable(run, smallest),
    '',
    '| target | measured | met |',
    '|---|---:|:---:|',
    ...targets(run).map(
      (t) => `| ${t.what} | ${t.value ?? 'not measured'} | ${t.pass === undefined ? '' : t.pass ? 'yes' : '**no**'} |`,
    ),
    '',
    `![GFLOP/s against n](bench/results/${run.file}.svg)`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, path] = process.argv.slice(2);
  if (flag !== '--readme' || !path) {
    console.error('usage: node bench/report.mjs --readme bench/results/<date>.json');
    process.exit(2);
  }
  const run = JSON.parse(readFileSync(path, 'utf8'));
  const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
  const text = readFileSync(readmePath, 'utf8');
  const start = '<!-- bench:start -->';
  const end = '<!-- bench:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) {
    console.error(`README.md has no ${start} … ${end} section`);
    process.exit(1);
  }
  writeFileSync(readmePath, `${text.slice(0, i + start.length)}\n${readmeSection(run)}\n${text.slice(j)}`);
  console.error('README.md updated');
}
