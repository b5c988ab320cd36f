import { type Browser, chromium } from 'playwright';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';

/** Whether Node-side tests can drive Chromium; when not, they are skipped with this notice. */
export const CHROMIUM = chromiumPath();
export const NO_CHROMIUM = 'Chromium not found (/usr/bin/chromium or CHROMIUM_PATH): skipped';

/** Launches the system Chromium headless through Playwright (no downloaded browser). */
export function launchChromium(): Promise<Browser> {
  if (CHROMIUM === undefined) throw new Error(NO_CHROMIUM);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
