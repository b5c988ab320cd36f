import type * as jax from '@jax-js/jax';
import type * as adapter from '../../src/jax/index.js';

export interface JaxTaskForm {
  grad: number[];
  want: number[];
  device: string;
  derivatives: string;
}

export interface JaxTaskResult {
  cpu: JaxTaskForm;
  wasm: JaxTaskForm;
  float16ArrayLeft: string;
}

export function jaxTask(jaxModule: typeof jax, adapterModule: typeof adapter): JaxTaskResult;
