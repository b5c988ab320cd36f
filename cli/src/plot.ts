import { writeFileSync } from 'node:fs';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { CliError } from './errors.js';
import type { JobResult } from './pipeline.js';
import { plotSpec } from './plot-spec.js';

/** Renders a vega-lite specification to an SVG document, headless (vega's 'none' renderer). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Writes the report's plot as SVG to `path`.
 * @throws CliError naming the path when it cannot be written.
 */
export async function writePlot(result: JobResult, path: string): Promise<void> {
  const svg = await renderSvg(plotSpec(result));
  try {
    writeFileSync(path, svg);
  } catch (error) {
    throw new CliError(`cannot write the plot to ${path}: ${(error as Error).message}`);
  }
}
