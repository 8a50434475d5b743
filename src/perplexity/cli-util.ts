import { InputError } from "../core/errors";

/**
 * Parse an integer CLI option; InputError naming the option when it is not an integer in [min, max].
 *
 * @example
 *   intOption("--context", "30", 0)   // 30
 */
export function intOption(name: string, value: string | undefined, min = -Infinity, max = Infinity): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value.trim())) throw new InputError(name, `expected an integer, got '${value}'`);
  const v = Number(value);
  if (v < min || v > max) throw new InputError(name, `must be in [${min}, ${max}], got ${v}`);
  return v;
}
