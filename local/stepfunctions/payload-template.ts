import { JSONPath } from 'jsonpath-plus';

/** A JSONPath or payload template the embedded runtime cannot evaluate the way AWS would. */
export class PayloadTemplateError extends Error {
  override readonly name = 'States.Runtime';
}

/**
 * Evaluates a reference path: `$…` against the state input, `$$…` against the context object. Used
 * by the runtime adapters (Wait, Distributed Map); plain Task states are evaluated by the engine.
 */
export function queryPath(path: string, input: unknown, context: unknown): unknown {
  const [json, localPath] = path.startsWith('$$') ? [context, path.slice(1)] : [input, path];
  if (!localPath.startsWith('$')) {
    throw new PayloadTemplateError(`Invalid path ${path}: a path starts with $ or $$`);
  }
  const result = JSONPath({ path: localPath, json: json as object, wrap: false });
  if (result === undefined) {
    throw new PayloadTemplateError(`The JSONPath ${path} could not be found in the input`);
  }
  return result;
}

/**
 * Applies a payload template (`Parameters`, `ItemSelector`, `BatchInput`, reader `Parameters`):
 * keys ending in `.$` take the value at their path; everything else is copied as is.
 */
export function applyPayloadTemplate(template: unknown, input: unknown, context: unknown): unknown {
  if (Array.isArray(template)) return template.map((value) => applyPayloadTemplate(value, input, context));
  if (typeof template !== 'object' || template === null) return template;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$')) {
      if (typeof value !== 'string') {
        throw new PayloadTemplateError(`The value of ${key} must be a path string`);
      }
      if (value.startsWith('States.')) {
        throw new PayloadTemplateError(
          `Intrinsic function ${value.split('(')[0]} in ${key} is not supported by the local adapters`,
        );
      }
      out[key.slice(0, -2)] = queryPath(value, input, context);
    } else {
      out[key] = applyPayloadTemplate(value, input, context);
    }
  }
  return out;
}
