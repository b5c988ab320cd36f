import type { Server } from 'node:http';
import type { BuildResult } from 'esbuild';

/** demo/, the page's sources. */
export const DEMO_SOURCE: string;
/** build/demo/, where the page is built. */
export const DEMO_OUT: string;
/** Bundles the page, its worker, index.html and style.css into `outdir` (default build/demo/). */
export function buildDemo(outdir?: string): Promise<BuildResult<{ metafile: true }>>;
/** Serves `dir` (default build/demo/) on 127.0.0.1:`port` (0: any free port). */
export function serveDemo(dir?: string, port?: number): Promise<{ server: Server; url: string }>;
