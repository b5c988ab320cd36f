export { bicgstab } from './bicgstab.js';
export { cg } from './cg.js';
export { gmres } from './gmres.js';
export { minres } from './minres.js';
export type { GmresOptions, KrylovOptions, KrylovResult } from './types.js';
