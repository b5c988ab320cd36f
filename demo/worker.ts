// The demo's worker: runs the command line's job (src/cli/pipeline.ts) off the page's main thread,
// so that the page stays responsive and redraws the chart while L-BFGS iterates. The worker has
// its own instance of the WASM core.
import embeddedCsv from '../data/berndt-cps-wages-1985.csv';
import { parseDataset } from '../src/cli/dataset.js';
import { runJob } from '../src/cli/pipeline.js';
import { EMBEDDED, type RunRequest, type WorkerMessage } from './protocol.js';

const post = (message: WorkerMessage) => self.postMessage(message);

self.onmessage = (event: MessageEvent<RunRequest>) => {
  const { csv, target, logTarget, options } = event.data;
  try {
    const data =
      csv === undefined
        ? parseDataset(embeddedCsv, EMBEDDED.name, EMBEDDED.target, EMBEDDED.logTarget)
        : parseDataset(csv, 'pasted CSV', target, logTarget);
    post({ type: 'start', dataset: data.name, rows: data.rows, target: data.target });
    const result = runJob(data, {
      ...options,
      onIteration: (iteration, maxIter, loss) => post({ type: 'iteration', iteration, maxIter, loss }),
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
