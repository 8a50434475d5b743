import { InputError } from "./errors";

/**
 * Parse a JSON document that must be an object; errors name the file.
 *
 * @example
 *   parseJsonObject('{"a": 1}', "x.json")   // { a: 1 }
 *   parseJsonObject("[1]", "x.json")        // throws InputError "x.json: expected a JSON object"
 */
export function parseJsonObject(text: string, source: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new InputError(source, `not valid JSON: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) throw new InputError(source, "expected a JSON object");
  return doc as Record<string, unknown>;
}
