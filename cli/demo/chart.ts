// The validation-loss chart: a Vega-Lite spec compiled once, then rendered by a Vega view whose
// data sources are updated in place (changesets) as iterations arrive.
import { changeset, parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One point of the outer optimization: the loss after `iteration` L-BFGS steps (0 = the start). */
export interface LossPoint {
  readonly iteration: number;
  readonly loss: number;
}

/** A horizontal reference line, such as the grid-searched single penalty's loss. */
export interface Reference {
  readonly label: string;
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
      {
        data: { name: 'reference' },
        mark: { type: 'rule', strokeDash: [6, 4], color: '#6e7781' },
        encoding: { y: { field: 'loss', type: 'quantitative' } },
      },
      {
        data: { name: 'reference' },
        mark: { type: 'text', align: 'right', dy: -7, color: '#57606a' },
        encoding: {
          x: { value: { expr: 'width' } },
          y: { field: 'loss', type: 'quantitative' },
          text: { field: 'label', type: 'nominal' },
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

  /** Replaces everything drawn with `history` (one loss per iteration from 0) and the reference lines. */
  async show(history: readonly number[], references: readonly Reference[]): Promise<void> {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#pending = [];
    const points = history.map((loss, iteration) => ({ iteration, loss }));
    this.#view.change(
      'history',
      changeset()
        .remove(() => true)
        .insert(points),
    );
    this.#view.change(
      'reference',
      changeset()
        .remove(() => true)
        .insert([...references]),
    );
    await this.#view.runAsync();
  }

  /** Stops the view and removes its listeners (before a new chart takes the container). */
  finalize(): void {
    cancelAnimationFrame(this.#frame);
    this.#view.finalize();
  }
}
