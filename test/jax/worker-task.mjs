// The work a jax test worker does, in plain JavaScript so that a Web Worker (through vite) and a
// Node worker thread (without a TypeScript loader) both run it.
//
// g(x, y) = ½ Σ p(x_i) y_i² − Σ c_i y_i has y*_i = c_i / p(x_i); with L(y) = ½‖y‖² the
// hypergradient is dL/dx_i = y_i · ∂y_i/∂x_i = −y_i² p′(x_i) / p(x_i). For p = exp that is −y_i²
// (the cpu device: g uses exp); for p(t) = t it is −y_i² / x_i (the wasm device).

/**
 * Runs jaxArgmin's valueAndGrad on both forms of g and returns each result with its closed form.
 * @param {typeof import('@jax-js/jax')} jax
 * @param {typeof import('../../src/jax/index.js')} adapter
 */
export function jaxTask(jax, adapter) {
  const np = jax.numpy;
  const c = [1, -2, 0.5];
  const cj = adapter.array(c);
  const x = [0.3, 0.7, 1.1];
  const loss = adapter.jaxLoss((y) => np.sum(y.ref.mul(y)).mul(0.5));
  const forms = {
    cpu: {
      p: Math.exp,
      g: (xx, y) =>
        np
          .sum(np.exp(xx).mul(y.ref).mul(y.ref))
          .mul(0.5)
          .sub(np.sum(cj.ref.mul(y))),
    },
    wasm: {
      p: (t) => t,
      g: (xx, y) =>
        np
          .sum(xx.mul(y.ref).mul(y.ref))
          .mul(0.5)
          .sub(np.sum(cj.ref.mul(y))),
    },
  };
  const out = {};
  for (const [name, { p, g }] of Object.entries(forms)) {
    const f = adapter.jaxArgmin({ g, solve: (xx) => Float64Array.from(xx, (v, i) => c[i] / p(v)) });
    const r = f.valueAndGrad(x, loss);
    f.dispose();
    const want = x.map((v, i) => {
      const y = c[i] / p(v);
      return name === 'cpu' ? -y * y : (-y * y) / v;
    });
    out[name] = { grad: Array.from(r.grad), want, device: r.report.device, derivatives: r.report.derivatives };
  }
  cj.dispose();
  out.float16ArrayLeft = typeof globalThis.Float16Array;
  return out;
}
