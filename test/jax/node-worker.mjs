// A Node worker thread running the jax adapter task (see worker-task.mjs) against the built package.
import { parentPort } from 'node:worker_threads';
import * as jax from '@jax-js/jax';
import * as adapter from '../../dist/jax/index.js';
import { jaxTask } from './worker-task.mjs';

parentPort.on('message', () => {
  const float16Before = typeof globalThis.Float16Array;
  try {
    parentPort.postMessage({ result: jaxTask(jax, adapter), float16Before });
  } catch (error) {
    parentPort.postMessage({ result: { error: String(error) }, float16Before });
  }
});
