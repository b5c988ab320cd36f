// Messages between the demo page and its worker.
import { JOB_DEFAULTS } from '../src/defaults.js';
import type { JobResult } from '../src/pipeline.js';

/** The tuning options the page offers (the command line's options of the same names). */
export interface DemoOptions {
  readonly seed: number;
  readonly groups: boolean;
  /** 0: tune on the validation set; K ≥ 2: K-fold cross-validation. */
  readonly folds: number;
  /** ρ ≥ 0, the shrinkage of the log-penalties toward the single grid-searched one. */
  readonly shrink: number;
  readonly interactions: boolean;
  readonly maxIter: number;
}

/** Page → worker: run the job on the embedded dataset (csv undefined) or on a pasted CSV. */
export interface RunRequest {
  readonly csv?: string;
  readonly target: string;
  readonly logTarget: boolean;
  readonly options: DemoOptions;
  /** The build of the WASM core: fused multiply-add (true), baseline (false), the engine's fastest (undefined). */
  readonly fma?: boolean;
}

/** Worker → page. */
export type WorkerMessage =
  | {
      readonly type: 'start';
      readonly dataset: string;
      readonly rows: number;
      readonly target: string;
      /** Whether the worker's core runs the fused multiply-add build. */
      readonly fma: boolean;
    }
  | { readonly type: 'iteration'; readonly iteration: number; readonly maxIter: number; readonly loss: number }
  | { readonly type: 'done'; readonly result: JobResult }
  | { readonly type: 'error'; readonly message: string };

/** The command line's defaults, which the page starts from. */
export const DEFAULT_OPTIONS: DemoOptions = { ...JOB_DEFAULTS };

/** The embedded dataset's name and target, as the command line reports them. */
export const EMBEDDED = { name: 'Berndt CPS wages 1985', target: 'wage', logTarget: true } as const;
