// The demo's worker: runs the command line's job (cli/src/pipeline.ts) off the page's main thread,
// so that the page stays responsive and redraws the chart while L-BFGS iterates. The worker has
// its own instance of the WASM core: the fastest build the engine supports, or the one the page asks
// for (`?fma=0` in the page's address: the baseline build, whose results are bit for bit Node 20's).

import { init } from 'implicit-diff';
import embeddedCsv from '../data/berndt-cps-wages-1985.csv';
import { parseDataset } from '../src/dataset.js';
import { runJob } from '../src/pipeline.js';
import { EMBEDDED, type RunRequest, type WorkerMessage } from './protocol.js';

const post = (message: WorkerMessage) => self.postMessage(message);

self.onmessage = async (event: MessageEvent<RunRequest>) => {
  const { csv, target, logTarget, options, fma } = event.data;
  try {
    const backend = await init(fma === undefined ? {} : { fma });
    const data =
      csv === undefined
        ? parseDataset(embeddedCsv, EMBEDDED.name, EMBEDDED.target, EMBEDDED.logTarget)
        : parseDataset(csv, 'pasted CSV', target, logTarget);
    post({ type: 'start', dataset: data.name, rows: data.rows, target: data.target, fma: backend.fma });
    const result = runJob(data, {
      ...options,
      onIteration: (iteration, maxIter, loss) => post({ type: 'iteration', iteration, maxIter, loss }),
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
