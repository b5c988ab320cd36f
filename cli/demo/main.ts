// The demo page: runs the main job in a worker on the embedded wages data (or a pasted CSV) with the
// command line's defaults, draws the loss per iteration as it arrives, then shows what the command
// line shows: its headline (test errors, hypergradient evaluations, the cost of a grid search), its
// plot, the comparison with OLS and the grid-searched single penalty, the hypergradient check
// against finite differences, and the verdict.
import { parse, View } from 'vega';
import { compile } from 'vega-lite';
import type { JobResult } from '../src/pipeline.js';
import { plotSpec } from '../src/plot-spec.js';
import { headline, lossName, type Summary, summary, verdict } from '../src/report.js';
import { LossChart } from './chart.js';
import { DEFAULT_OPTIONS, type DemoOptions, EMBEDDED, type RunRequest, type WorkerMessage } from './protocol.js';

/** What the page exposes for tests and the console: the state, and the run's `--json` summary. */
export interface DemoState {
  state: 'idle' | 'running' | 'done' | 'error';
  /** Whether the worker's core runs the fused multiply-add build (known once the job starts). */
  fma?: boolean;
  error?: string;
  summary?: Summary;
  history?: readonly number[];
  /** Iteration messages received while the job ran. */
  iterationsSeen: number;
}

declare global {
  interface Window {
    demo: DemoState;
  }
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector(selector) as T;
const status = $<HTMLDivElement>('#status');
const progress = $<HTMLProgressElement>('#progress');
const runButton = $<HTMLButtonElement>('#run');
const csvField = $<HTMLTextAreaElement>('#csv');
const targetSelect = $<HTMLSelectElement>('#target');

/** Below this maximum relative difference, the hypergradient and the finite differences agree. */
const CHECK_TOLERANCE = 1e-4;

let worker: Worker | undefined;
let chart: LossChart | undefined;
let plot: View | undefined;

function setState(state: DemoState['state']): void {
  window.demo.state = state;
  document.documentElement.dataset.state = state;
  runButton.disabled = state === 'running';
}

/** The column names of a CSV's header row (for the target selector only; the worker parses the file). */
function headerOf(text: string): string[] {
  const first = text.split(/\r?\n/).find((line) => line.trim() !== '');
  return first === undefined ? [] : first.split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'));
}

function fillTargets(columns: readonly string[], preferred?: string): void {
  targetSelect.replaceChildren(...columns.map((c) => new Option(c, c, false, c === preferred)));
}

function nonNegative(text: string, fallback: number): number {
  const value = Number(text);
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

/** Sets the controls to the command line's defaults (one source: cli/src/defaults.ts). */
function showDefaults(): void {
  $<HTMLInputElement>('#groups').checked = DEFAULT_OPTIONS.groups;
  $<HTMLInputElement>('#interactions').checked = DEFAULT_OPTIONS.interactions;
  $<HTMLSelectElement>('#folds').value = String(DEFAULT_OPTIONS.folds);
  $<HTMLInputElement>('#shrink').value = String(DEFAULT_OPTIONS.shrink);
  $<HTMLInputElement>('#max-iter').value = String(DEFAULT_OPTIONS.maxIter);
  $<HTMLInputElement>('#seed').value = String(DEFAULT_OPTIONS.seed);
}

function options(): DemoOptions {
  const int = (id: string, fallback: number) => {
    const value = Number.parseInt($<HTMLInputElement>(id).value, 10);
    return Number.isFinite(value) && value >= 0 ? value : fallback;
  };
  return {
    seed: int('#seed', DEFAULT_OPTIONS.seed),
    groups: $<HTMLInputElement>('#groups').checked,
    folds: Number($<HTMLSelectElement>('#folds').value),
    shrink: nonNegative($<HTMLInputElement>('#shrink').value, DEFAULT_OPTIONS.shrink),
    interactions: $<HTMLInputElement>('#interactions').checked,
    maxIter: Math.min(int('#max-iter', DEFAULT_OPTIONS.maxIter), 1000),
  };
}

/** `?fma=0` or `?fma=1` in the address chooses the core's build; by default the engine's fastest. */
function fmaParameter(): boolean | undefined {
  const value = new URLSearchParams(location.search).get('fma');
  return value === null ? undefined : value !== '0' && value !== 'false';
}

function request(): RunRequest {
  const fma = fmaParameter();
  const pasted = ($<HTMLInputElement>('input[name=source]:checked').value as string) === 'pasted';
  if (!pasted) return { target: EMBEDDED.target, logTarget: EMBEDDED.logTarget, options: options(), fma };
  return {
    csv: csvField.value,
    target: targetSelect.value,
    logTarget: $<HTMLInputElement>('#log-target').checked,
    options: options(),
    fma,
  };
}

const fixed = (x: number, digits = 5) => x.toFixed(digits);

/** Replaces the live chart with the command line's plot of the finished run. */
async function showPlot(result: JobResult): Promise<void> {
  chart?.finalize();
  chart = undefined;
  plot?.finalize();
  $('#chart').replaceChildren();
  plot = new View(parse(compile(plotSpec(result)).spec), { renderer: 'svg', container: $('#chart'), hover: true });
  await plot.runAsync();
}

function showResult(result: JobResult, fma: boolean): void {
  const what = lossName(result);
  const top = headline(result);
  $('#headline').replaceChildren(
    ...[top.test, top.tuning, top.grid].flatMap((line, i) => {
      const text = i === 0 ? Object.assign(document.createElement('strong'), { textContent: line }) : line;
      return i === 0 ? [text] : [document.createElement('br'), text];
    }),
  );
  $('#loss-heading').textContent = `${what} (½·MSE)`;
  const rows: [string, string, number, number][] = [
    [
      'ordinary least squares',
      result.ols.lambda === 0 ? '0' : result.ols.lambda.toExponential(1),
      result.ols.validationLoss,
      result.ols.testRmse,
    ],
    [
      'ridge, one λ by grid search',
      result.baseline.lambda.toPrecision(4),
      result.baseline.validationLoss,
      result.baseline.testRmse,
    ],
    [`ridge, ${result.hyperparameters} tuned λ`, 'tuned', result.tuned.validationLoss, result.tuned.testRmse],
  ];
  $('#results tbody').replaceChildren(
    ...rows.map(([model, lambda, loss, rmse]) => {
      const tr = document.createElement('tr');
      for (const text of [model, lambda, fixed(loss), fixed(rmse)]) tr.insertCell().textContent = text;
      return tr;
    }),
  );
  $('#summary').textContent =
    `${result.dataset}: ${result.rows} rows, target ${result.target}; ${result.split.train} train / ` +
    `${result.split.validation} validation / ${result.split.test} test rows; ${result.features} features; ` +
    `${result.hyperparameters} penalties tuned in ${result.iterations} iterations (stop: ${result.stopReason}), ` +
    `${result.seconds.toFixed(2)} s in the worker, on the ${fma ? 'fused multiply-add (relaxed SIMD)' : 'baseline SIMD'} ` +
    'build of the WebAssembly core.';
  const check = result.hypergradientCheck;
  if (check !== undefined) {
    const ok = check.maxRelError < CHECK_TOLERANCE;
    $('#check').innerHTML =
      `Implicit hypergradient vs central finite differences of the re-solved problem (Richardson-extrapolated) ` +
      `at the start, over ${check.checked} coordinates: max relative difference ` +
      `<strong>${check.maxRelError.toExponential(2)}</strong> ` +
      `<span class="${ok ? 'ok' : 'bad'}">${ok ? '✓ agree' : '✗ disagree'}</span>`;
  }
  $('#verdict').textContent = verdict(result);
  $('#outcome').hidden = false;
}

function run(): void {
  worker?.terminate();
  chart?.finalize();
  plot?.finalize();
  plot = undefined;
  const req = request();
  const lossLabel = req.options.folds > 0 ? `${req.options.folds}-fold CV loss (½·MSE)` : 'validation loss (½·MSE)';
  chart = new LossChart($('#chart'), lossLabel);
  window.demo = { state: 'running', iterationsSeen: 0 };
  setState('running');
  $('#outcome').hidden = true;
  status.classList.remove('error');
  status.textContent = 'starting…';
  progress.value = 0;
  progress.max = Math.max(req.options.maxIter, 1);

  const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker = w;
  w.onmessage = async (event: MessageEvent<WorkerMessage>) => {
    if (w !== worker) return;
    const message = event.data;
    switch (message.type) {
      case 'start':
        window.demo.fma = message.fma;
        status.textContent = `${message.dataset}: ${message.rows} rows, target ${message.target} — tuning…`;
        break;
      case 'iteration':
        window.demo.iterationsSeen++;
        chart!.add({ iteration: message.iteration, loss: message.loss });
        progress.value = message.iteration;
        status.textContent = `iteration ${message.iteration}/${message.maxIter}   ${lossLabel} ${message.loss.toFixed(6)}`;
        break;
      case 'done': {
        const { result } = message;
        await showPlot(result);
        progress.value = progress.max;
        status.textContent = `done: ${result.iterations} iterations, ${lossLabel} ${result.tuned.validationLoss.toFixed(6)}`;
        showResult(result, window.demo.fma!);
        window.demo.summary = summary(result, '');
        window.demo.history = result.history;
        setState('done');
        w.terminate();
        break;
      }
      case 'error':
        status.classList.add('error');
        status.textContent = `error: ${message.message}`;
        window.demo.error = message.message;
        setState('error');
        w.terminate();
        break;
    }
  };
  w.onerror = (event) => {
    status.classList.add('error');
    status.textContent = `worker error: ${event.message}`;
    window.demo.error = event.message;
    setState('error');
  };
  w.postMessage(req);
}

window.demo = { state: 'idle', iterationsSeen: 0 };
showDefaults();
fillTargets([]);
csvField.addEventListener('input', () => {
  $<HTMLInputElement>('input[name=source][value=pasted]').checked = true;
  const columns = headerOf(csvField.value);
  fillTargets(columns, columns.at(-1));
});
$<HTMLInputElement>('#file').addEventListener('change', async (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file === undefined) return;
  csvField.value = await file.text();
  csvField.dispatchEvent(new Event('input'));
});
runButton.addEventListener('click', run);
run();
