// Entry of the threaded build (`--enable threads --sharedMemory --importMemory`): the same
// kernels as index.ts, whose large products are split over a pool of threads (threads.ts), and
// the pool's controls. The start function is exported (`_start`), run by the calling thread only:
// workers share its heap and must not initialize it again.
export * from './index';
export { threadsActivate, threadsDismiss, threadsEpoch, threadsGeneration, threadsForks, threadsReserve, threadWorkerStep } from './threads';
