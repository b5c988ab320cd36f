import { readFileSync } from 'node:fs';
import { type Dataset, parseDataset } from './dataset.js';
import { CliError } from './errors.js';

// The file-system half of loading a dataset, apart from parsing so that the parser also runs in a
// browser (the demo page).

/**
 * Reads and parses a CSV file (see {@link parseDataset}).
 * @throws CliError naming the file when it does not exist or cannot be read, and as parseDataset.
 */
export function readDataset(
  path: string,
  target: string,
  logTarget: boolean,
  displayName = path,
  impute = false,
): Dataset {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CliError(`file not found: ${path}`);
    if (code === 'EISDIR') throw new CliError(`${path} is a directory, not a CSV file`);
    throw new CliError(`cannot read ${path}: ${(error as Error).message}`);
  }
  return parseDataset(text, displayName, target, logTarget, impute);
}
