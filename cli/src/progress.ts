/** Reports the outer optimization's progress while it runs. */
export interface Progress {
  /** After iteration `iteration` of at most `maxIter`, with the current loss. */
  update(iteration: number, maxIter: number, loss: number): void;
  /** Ends the progress display (clears the line on a terminal). */
  done(): void;
}

/** A progress reporter that prints nothing (stdout is not a terminal, or `--json`). */
export const silentProgress: Progress = { update() {}, done() {} };

/**
 * A one-line progress bar for a terminal, redrawn in place with a carriage return and an
 * erase-line escape (ESC [2K) at most every 50 ms:
 * `tuning [#########.......]  37/100  validation loss 0.061234`.
 */
export function terminalProgress(stream: NodeJS.WriteStream, label = 'validation loss'): Progress {
  let last = 0;
  let drawn = false;
  return {
    update(iteration, maxIter, loss) {
      const now = performance.now();
      if (now - last < 50 && iteration < maxIter) return;
      last = now;
      const width = 24;
      const filled = maxIter > 0 ? Math.round((width * Math.min(iteration, maxIter)) / maxIter) : width;
      const bar = `${'#'.repeat(filled)}${'.'.repeat(width - filled)}`;
      stream.write(`\r\x1b[2Ktuning [${bar}] ${String(iteration).padStart(4)}/${maxIter}  ${label} ${loss.toFixed(6)}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

/** The progress reporter for a run: a bar when stdout is a terminal and output is not JSON. */
export function progressFor(stream: NodeJS.WriteStream, json: boolean, label?: string): Progress {
  return stream.isTTY && !json ? terminalProgress(stream, label) : silentProgress;
}
