/**
 * Aligning the models (rows) of a feature matrix with those of a score table: the same set of models
 * is required, and the features are reordered to the score table's order (or a given order).
 */
import { InputError } from "../core/errors";
import { selectRows, type LabeledMatrix } from "../core/matrix";

function listSome(names: string[]): string {
  const shown = names.slice(0, 5).map((n) => `'${n}'`).join(", ");
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

function firstDuplicate(names: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const n of names) { if (seen.has(n)) return n; seen.add(n); }
  return null;
}

/**
 * Reorder the rows of a feature matrix to `order` (by default, the score table's model order).
 * Both files must list exactly the same models, each once; otherwise an InputError names both files
 * and the models that differ.
 *
 * @example
 *   const f = { rows: ["b", "a"], cols: ["p"], values: new Float64Array([2, 1]) };
 *   alignModels(f, "x.csv", ["a", "b"], "scores.csv").values;  // Float64Array [1, 2]
 */
export function alignModels<V extends Float32Array | Float64Array>(
  features: LabeledMatrix<V>, featuresFile: string, scoreModels: readonly string[], scoresFile: string,
  order: readonly string[] = scoreModels,
): LabeledMatrix<V> {
  const both = `${featuresFile} vs ${scoresFile}`;
  const dupF = firstDuplicate(features.rows);
  if (dupF !== null) throw new InputError(featuresFile, `duplicate model '${dupF}' (aligning ${both})`);
  const dupS = firstDuplicate(scoreModels);
  if (dupS !== null) throw new InputError(scoresFile, `duplicate model '${dupS}' (aligning ${both})`);
  const fset = new Set(features.rows), sset = new Set(scoreModels);
  const onlyF = features.rows.filter((r) => !sset.has(r));
  const onlyS = scoreModels.filter((r) => !fset.has(r));
  if (onlyF.length || onlyS.length) {
    const parts: string[] = [];
    if (onlyS.length) parts.push(`${onlyS.length} model(s) in ${scoresFile} missing from ${featuresFile}: ${listSome(onlyS)}`);
    if (onlyF.length) parts.push(`${onlyF.length} model(s) in ${featuresFile} missing from ${scoresFile}: ${listSome(onlyF)}`);
    throw new InputError(featuresFile, `models differ (${both}): ${parts.join("; ")}`);
  }
  const dupO = firstDuplicate(order);
  if (dupO !== null) throw new InputError(null, `duplicate model '${dupO}' in the requested order`);
  if (order.length !== features.rows.length || order.some((r) => !fset.has(r))) {
    throw new InputError(null, `the requested model order is not a permutation of the ${features.rows.length} models of ${both}`);
  }
  const pos = new Map(features.rows.map((r, i) => [r, i] as const));
  return selectRows(features, order.map((r) => pos.get(r)!));
}
