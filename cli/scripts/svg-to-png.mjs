#!/usr/bin/env node
// Renders an SVG file (the main job's plot) to PNG with headless Chromium, at twice the pixel
// density, so that the picture in the README is the plot as a browser draws it:
//   node cli/scripts/svg-to-png.mjs implicit-diff-plot.svg cli/plot.png
// Chromium: CHROMIUM_PATH, else Debian's /usr/bin/chromium, with the tests' flags (scripts/chromium.mjs).
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright';
import { CHROMIUM_ARGS, chromiumPath } from '../../scripts/chromium.mjs';

const [input, output] = process.argv.slice(2);
if (input === undefined || output === undefined) {
  console.error('usage: node cli/scripts/svg-to-png.mjs IN.svg OUT.png');
  process.exit(2);
}
const executablePath = chromiumPath();
if (executablePath === undefined) {
  console.error('svg-to-png: no Chromium (set CHROMIUM_PATH or install /usr/bin/chromium)');
  process.exit(1);
}
const svg = readFileSync(input, 'utf8');
const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage({ deviceScaleFactor: 2 });
  await page.setContent(`<!doctype html><body style="margin:0;background:white">${svg}</body>`);
  await page.locator('svg').first().screenshot({ path: output });
} finally {
  await browser.close();
}
