/** Flags for Debian's Chromium in a container without a display, a GPU or a sandbox (DESIGN.md §6). */
export const CHROMIUM_ARGS: string[];
/** The Chromium to drive: `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium`; undefined when absent. */
export function chromiumPath(): string | undefined;
