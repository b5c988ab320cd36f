// A module Web Worker running the jax adapter task (see worker-task.mjs) on request.
import * as jax from '@jax-js/jax';
import * as adapter from '../../src/jax/index.js';
import { jaxTask } from './worker-task.mjs';

self.onmessage = () => {
  try {
    self.postMessage({
      result: jaxTask(jax, adapter),
      float16Before: typeof (globalThis as { Float16Array?: unknown }).Float16Array,
    });
  } catch (error) {
    self.postMessage({ result: { error: String(error) }, float16Before: '' });
  }
};
