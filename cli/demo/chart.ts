// The live chart of the loss while the job runs: a Vega-Lite spec compiled once, then rendered by a
// Vega view whose data source is updated in place (changesets) as iterations arrive. When the job
// ends, the page replaces it with the command line's plot (cli/src/plot-spec.ts).
import { changeset, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One point of the outer optimization: the loss after `iteration` L-BFGS steps (0 = the start). */
export interface LossPoint {
  readonly iteration: number;
  readonly loss: number;
}

function spec(lossLabel: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    // The container's width, followed on resize; axes and labels inside it.
    width: 'container',
    height: 300,
    autosize: { type: 'fit-x', contains: 'padding' },
    layer: [
      {
        data: { name: 'history' },
        mark: { type: 'line', point: { size: 24 }, color: '#1f6feb' },
        encoding: {
          x: { field: 'iteration', type: 'quantitative', title: 'L-BFGS iteration', axis: { tickMinStep: 1 } },
          y: { field: 'loss', type: 'quantitative', title: lossLabel, scale: { zero: false } },
          tooltip: [
            { field: 'iteration', type: 'quantitative' },
            { field: 'loss', type: 'quantitative', format: '.6f' },
          ],
        },
      },
    ],
  };
}

/** A live chart of the loss per iteration, drawn as SVG into `container`. */
export class LossChart {
  readonly #view: View;
  #pending: LossPoint[] = [];
  #frame = 0;

  constructor(container: HTMLElement, lossLabel: string) {
    this.#view = new View(parse(compile(spec(lossLabel)).spec), { renderer: 'svg', container, hover: true });
    void this.#view.runAsync();
  }

  /** Queues a point; points are drawn together on the next animation frame. */
  add(point: LossPoint): void {
    this.#pending.push(point);
    this.#frame ||= requestAnimationFrame(() => void this.flush());
  }

  /** Draws the queued points now. */
  async flush(): Promise<void> {
    this.#frame = 0;
    const points = this.#pending;
    this.#pending = [];
    if (points.length > 0) await this.#view.change('history', changeset().insert(points)).runAsync();
  }

  /** Stops the view and removes its listeners (before a new chart takes the container). */
  finalize(): void {
    cancelAnimationFrame(this.#frame);
    this.#view.finalize();
  }
}
