// A module Web Worker: its own realm, so its own instance of the WASM core. It answers every
// message { n } with the result of the tridiagonal task, or { error } when it throws.
import * as lib from '../../src/index.js';
import { tridiagonalTask } from './task.mjs';

self.onmessage = (event: MessageEvent<{ n: number }>) => {
  try {
    self.postMessage(tridiagonalTask(lib, event.data.n));
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
