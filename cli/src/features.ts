import type { Dataset } from './dataset.js';
import { CliError } from './errors.js';

/** A design matrix with its feature names and the grouping of features into penalty groups. */
export interface Features {
  /** Number of rows (all rows of the dataset, in their original order). */
  readonly rows: number;
  /** Number of features p. */
  readonly p: number;
  /** rows × p, row-major. */
  readonly X: Float64Array;
  readonly names: readonly string[];
  /** groupOf[j]: the group of feature j, an index into groupNames. */
  readonly groupOf: Int32Array;
  /** A group is an original column (its main effects), or all pairwise interactions together. */
  readonly groupNames: readonly string[];
  /** Original columns dropped because they are constant on the training rows (or, imputed, have no number there). */
  readonly dropped: readonly string[];
  /** Numeric columns whose marked cells were replaced by the column's mean on the training rows. */
  readonly imputed: readonly Imputation[];
}

/** The cells of one column replaced by its training mean. */
export interface Imputation {
  readonly column: string;
  /** The file's lines of the replaced cells. */
  readonly lines: readonly number[];
  /** The mean of the column's numbers on the training rows, which replaced them. */
  readonly mean: number;
}

/** The name of the group of all pairwise interactions. */
export const INTERACTIONS = 'interactions';

/** Most features the command accepts: the inner solve is a dense p × p Cholesky per evaluation. */
export const MAX_FEATURES = 1000;

interface Base {
  name: string;
  column: number;
  values: Float64Array;
}

function isConstant(values: Float64Array, rows: Int32Array): boolean {
  const first = values[rows[0]];
  for (const i of rows) if (values[i] !== first) return false;
  return true;
}

/** The column with its NaN cells replaced by the mean of its numbers on the training rows (NaN when it has none there). */
function imputeMean(values: Float64Array, train: Int32Array): { values: Float64Array; mean: number } {
  let sum = 0;
  let count = 0;
  for (const i of train) {
    if (!Number.isNaN(values[i])) {
      sum += values[i];
      count++;
    }
  }
  const mean = sum / count;
  return { values: values.map((v) => (Number.isNaN(v) ? mean : v)), mean };
}

/**
 * Builds the features of a dataset. Numeric columns are standardized, z = (x − mean) / sd with the
 * training rows' mean and (population) standard deviation; a categorical column with k levels on the
 * training rows becomes k − 1 indicator columns, its most frequent training level the reference
 * (dropped, so that the indicators and the intercept are not collinear). With `interactions`, every
 * product of two such columns that come from different original columns is added. Features constant on
 * the training rows carry no information there and are left out. The cells of a numeric column
 * marked for imputation (NaN) take the mean of its numbers on the training rows. For penalties by
 * group, each original column's features form one group and all interactions one more.
 * @param data the dataset.
 * @param train the training rows, which alone supply means, deviations and reference levels.
 * @param interactions add pairwise interactions between different original columns.
 * @throws CliError when no feature is left, or there are more than MAX_FEATURES.
 */
export function buildFeatures(data: Dataset, train: Int32Array, interactions: boolean): Features {
  const n = data.rows;
  const base: Base[] = [];
  const dropped: string[] = [];
  const imputed: Imputation[] = [];
  for (const [c, column] of data.columns.entries()) {
    if (column.kind === 'numeric') {
      let x = column.values;
      if (column.imputeLines.length > 0) {
        const filled = imputeMean(x, train);
        if (Number.isNaN(filled.mean)) {
          dropped.push(column.name);
          continue;
        }
        x = filled.values;
        imputed.push({ column: column.name, lines: column.imputeLines, mean: filled.mean });
      }
      if (isConstant(x, train)) {
        dropped.push(column.name);
        continue;
      }
      let mean = 0;
      for (const i of train) mean += x[i];
      mean /= train.length;
      let ss = 0;
      for (const i of train) ss += (x[i] - mean) ** 2;
      const sd = Math.sqrt(ss / train.length);
      base.push({ name: column.name, column: c, values: x.map((v) => (v - mean) / sd) });
    } else {
      const counts = new Map<string, number>();
      for (const i of train) counts.set(column.values[i], (counts.get(column.values[i]) ?? 0) + 1);
      if (counts.size < 2) {
        dropped.push(column.name);
        continue;
      }
      let reference = '';
      let most = -1;
      for (const level of column.levels) {
        const count = counts.get(level) ?? 0;
        if (count > most) [reference, most] = [level, count];
      }
      for (const level of column.levels) {
        if (level === reference || !counts.has(level)) continue;
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = column.values[i] === level ? 1 : 0;
        base.push({ name: `${column.name}=${level}`, column: c, values });
      }
    }
  }
  if (base.length === 0)
    throw new CliError('no usable feature: every column but the target is constant on the training rows');

  const columns: Float64Array[] = [];
  const names: string[] = [];
  const groupKeys: string[] = [];
  for (const b of base) {
    columns.push(b.values);
    names.push(b.name);
    groupKeys.push(data.columns[b.column].name);
  }
  if (interactions) {
    for (let a = 0; a < base.length; a++) {
      for (let b = a + 1; b < base.length; b++) {
        if (base[a].column === base[b].column) continue;
        const u = base[a].values;
        const v = base[b].values;
        const values = new Float64Array(n);
        for (let i = 0; i < n; i++) values[i] = u[i] * v[i];
        if (isConstant(values, train)) continue;
        columns.push(values);
        names.push(`${base[a].name}*${base[b].name}`);
        groupKeys.push(INTERACTIONS);
        if (columns.length > MAX_FEATURES) {
          throw new CliError(
            `more than ${MAX_FEATURES} features with pairwise interactions; use --no-interactions or fewer columns`,
          );
        }
      }
    }
  }
  const p = columns.length;
  if (p > MAX_FEATURES) throw new CliError(`${p} features, more than ${MAX_FEATURES}; use fewer columns`);
  const X = new Float64Array(n * p);
  for (let j = 0; j < p; j++) {
    const values = columns[j];
    for (let i = 0; i < n; i++) X[i * p + j] = values[i];
  }
  const groupNames = [...new Set(groupKeys)];
  const index = new Map(groupNames.map((g, k) => [g, k]));
  const groupOf = Int32Array.from(groupKeys, (g) => index.get(g)!);
  return { rows: n, p, X, names, groupOf, groupNames, dropped, imputed };
}
