import { parse } from 'csv-parse/sync';
import { CliError } from './errors.js';

/** A column of numbers: every value parsed as a finite decimal number, or NaN where imputation was asked for. */
export interface NumericColumn {
  readonly name: string;
  readonly kind: 'numeric';
  /** The numbers; NaN in the cells to impute (see {@link parseDataset}'s impute). */
  readonly values: Float64Array;
  /** The file's line of every cell to impute (empty unless imputation was asked for). */
  readonly imputeLines: readonly number[];
}

/** A column of labels, with its levels in order of first appearance. */
export interface CategoricalColumn {
  readonly name: string;
  readonly kind: 'categorical';
  readonly values: readonly string[];
  readonly levels: readonly string[];
}

export type Column = NumericColumn | CategoricalColumn;

/** A table read from CSV: typed feature columns, and the numeric target. */
export interface Dataset {
  readonly name: string;
  readonly rows: number;
  readonly target: string;
  readonly y: Float64Array;
  readonly columns: readonly Column[];
}

/** A decimal number as written in a CSV file (no hex, no 'Infinity', no empty string). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses a field as a finite number, or returns undefined. */
export function parseNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** Cells listed in a message before "and N more". */
const LISTED = 5;

interface Parsed {
  record: string[];
  info: { lines: number };
}

/**
 * Parses CSV text with a header row into typed columns: a column is numeric when more than half of
 * its non-empty values parse as decimal numbers, otherwise categorical (each distinct text, the empty
 * one included, a level). A numeric column's other cells, empty or not numbers, are reported and
 * refused, or with `impute` marked for imputation. Blank lines are skipped.
 * @param text the CSV text.
 * @param name the file name, used in messages.
 * @param target the column to predict; it must be numeric.
 * @param logTarget model log(target): every target value must then be positive.
 * @param impute accept a numeric column's empty or non-numeric cells, marked NaN for the features
 *   to replace with the column's mean on the training rows (which only they know).
 * @throws CliError (one line, naming the file) when the file is empty, the CSV is malformed, a row
 *   has the wrong number of fields (naming its line), the target column is unknown, a target value
 *   is not a number or (with logTarget) not positive (naming its line), a header is blank or
 *   repeated, or (without `impute`) a numeric column has empty or non-numeric cells (naming the
 *   column, and the lines and contents of the first cells).
 */
export function parseDataset(text: string, name: string, target: string, logTarget: boolean, impute = false): Dataset {
  if (text.trim() === '') throw new CliError(`${name} is empty`);
  let parsed: Parsed[];
  try {
    parsed = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as Parsed[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new CliError(`${name}: malformed CSV: ${message.split('\n')[0]}`);
  }
  if (parsed.length === 0) throw new CliError(`${name} is empty`);
  const header = parsed[0].record.map((h) => h.trim());
  const seen = new Set<string>();
  for (const [index, h] of header.entries()) {
    if (h === '') throw new CliError(`${name}: header field ${index + 1} is blank`);
    if (seen.has(h)) throw new CliError(`${name}: column '${h}' appears twice in the header`);
    seen.add(h);
  }
  const targetIndex = header.indexOf(target);
  if (targetIndex < 0) {
    const hint =
      header.length === 1 && /[;\t|]/.test(header[0]) ? '; the header has one field: is the file comma-separated?' : '';
    throw new CliError(`${name}: unknown target column '${target}' (columns: ${header.join(', ')})${hint}`);
  }
  const rows = parsed.slice(1);
  for (const { record, info } of rows) {
    if (record.length !== header.length) {
      throw new CliError(`${name}: line ${info.lines} has ${record.length} fields, the header has ${header.length}`);
    }
  }
  const y = new Float64Array(rows.length);
  for (const [i, { record, info }] of rows.entries()) {
    const value = parseNumber(record[targetIndex]);
    if (value === undefined) {
      throw new CliError(
        `${name}: target column '${target}' is not numeric: '${record[targetIndex]}' on line ${info.lines}`,
      );
    }
    if (logTarget && !(value > 0)) {
      throw new CliError(
        `${name}: log of target '${target}' needs positive values, got ${value} on line ${info.lines}`,
      );
    }
    y[i] = logTarget ? Math.log(value) : value;
  }
  const columns: Column[] = [];
  for (const [j, column] of header.entries()) {
    if (j === targetIndex) continue;
    const raw = rows.map(({ record }) => record[j]);
    const numbers = raw.map(parseNumber);
    const count = numbers.filter((v) => v !== undefined).length;
    const nonEmpty = raw.filter((v) => v.trim() !== '').length;
    if (count > nonEmpty / 2 && count > 0) {
      const bad = rows.flatMap((_, i) => (numbers[i] === undefined ? [i] : []));
      if (bad.length > 0 && !impute) {
        const cells = bad
          .slice(0, LISTED)
          .map((i) => `line ${rows[i].info.lines} ${raw[i].trim() === '' ? '(empty)' : `'${raw[i]}'`}`);
        const more = bad.length > LISTED ? ` and ${bad.length - LISTED} more` : '';
        throw new CliError(
          `${name}: numeric column '${column}' has ${bad.length === 1 ? '1 cell that is not a number' : `${bad.length} cells that are not numbers`}: ${cells.join(', ')}${more}; fix the file, or pass --impute to replace them with the column's mean on the training rows`,
        );
      }
      columns.push({
        name: column,
        kind: 'numeric',
        values: Float64Array.from(numbers, (v) => v ?? Number.NaN),
        imputeLines: bad.map((i) => rows[i].info.lines),
      });
    } else {
      const values = raw.map((v) => v.trim());
      columns.push({ name: column, kind: 'categorical', values, levels: [...new Set(values)] });
    }
  }
  return { name, rows: rows.length, target: logTarget ? `log(${target})` : target, y, columns };
}
