// Why the hot functions take `out` (results own their buffers): the cost of allocating a
// Float64Array on this engine, by length, against a view into an existing ArrayBuffer. `node bench/typed-array-alloc.mjs`;
// least over 5 samples of process CPU time per call, in ns.

function cpuNs(f, calls) {
  for (let i = 0; i < calls / 5; i++) f();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 5; r++) {
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) f();
    const u = process.cpuUsage(t);
    best = Math.min(best, ((u.user + u.system) * 1000) / calls);
  }
  return Math.round(best);
}

const calls = 200000;
const slab = new ArrayBuffer(1 << 16);
let offset = 0;
const rows = [];
for (const n of [8, 9, 16, 64, 256]) {
  rows.push({ 'Float64Array length': n, 'new Float64Array(n) ns': cpuNs(() => new Float64Array(n), calls) });
}
rows.push({
  'Float64Array length': 16,
  'view into a shared ArrayBuffer ns': cpuNs(() => {
    const v = new Float64Array(slab, offset, 16);
    offset = (offset + 128) & 0xffff;
    return v;
  }, calls),
});
console.log(`Node ${process.version}, V8 ${process.versions.v8}`);
console.table(rows);
