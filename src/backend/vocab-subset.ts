/**
 * Column subsets of logit rows, for MaskedLM calls that ask for some vocabulary ids only.
 */

/** The distinct ids of several requests, ascending. */
export function unionIds(lists: readonly (readonly number[])[]): number[] {
  return [...new Set(lists.flat())].sort((a, b) => a - b);
}

/**
 * Where each of `ids` sits in a row whose columns are the vocabulary ids `columns`
 * (undefined: the whole vocabulary, column = id).
 */
export function columnsOf(ids: readonly number[], columns?: readonly number[]): Int32Array {
  if (!columns) return Int32Array.from(ids);
  const at = new Map(columns.map((id, c) => [id, c]));
  return Int32Array.from(ids, (id) => {
    const c = at.get(id);
    if (c === undefined) throw new Error(`vocabulary id ${id} is not among the computed columns`);
    return c;
  });
}

/** The values of `row` at `columns` (from columnsOf), in that order. */
export function pick(row: Float32Array, columns: Int32Array): Float32Array {
  const out = new Float32Array(columns.length);
  for (let k = 0; k < columns.length; k++) out[k] = row[columns[k]!]!;
  return out;
}
