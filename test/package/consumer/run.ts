// The ESM TypeScript consumer's program: prints what compute() returns, as JSON.
import { compute } from './compute.js';

console.log(JSON.stringify(compute()));
