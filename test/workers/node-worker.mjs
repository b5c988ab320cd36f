// A Node worker thread running the built package (dist/): its own isolate, so its own instance
// of the WASM core. It answers every message { n } with the result of the tridiagonal task.
import { parentPort } from 'node:worker_threads';
import * as lib from '../../dist/index.js';
import { tridiagonalTask } from './task.mjs';

parentPort.on('message', ({ n }) => {
  try {
    parentPort.postMessage(tridiagonalTask(lib, n));
  } catch (error) {
    parentPort.postMessage({ error: String(error) });
  }
});
