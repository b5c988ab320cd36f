// The Chromium that the tests (vitest's browser project, the Node-side tests that drive a page) and
// cli/scripts/svg-to-png.mjs launch through Playwright: plain JavaScript, so that scripts run by
// plain Node import it as well as TypeScript does (types in chromium.d.mts).
import { existsSync } from 'node:fs';

/**
 * Flags for Debian's Chromium in a container without a display, a GPU or a user namespace
 * sandbox, and with no network beyond the test server (DESIGN.md §6).
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The Chromium to drive: `CHROMIUM_PATH` when set, else Debian's `/usr/bin/chromium`; undefined when absent. */
export function chromiumPath() {
  const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  return existsSync(path) ? path : undefined;
}
