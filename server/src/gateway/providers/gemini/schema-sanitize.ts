// Gemini's `Schema` (function parameters, responseSchema) is an OpenAPI 3.0 subset and answers 400 to
// JSON-Schema keywords it does not know (`additionalProperties`, `$schema`, `strict`, `$ref`, …).
// Clients send full JSON Schema (zod, pydantic), so we rewrite it into the subset: keep what Gemini
// knows, inline local `$ref`s, turn `type: [x, 'null']` / `anyOf: [x, {type:'null'}]` into `nullable`.
// Constraints Gemini cannot express are dropped, never invented.

type Json = Record<string, unknown>;

/** Keywords copied as they are (their values need no rewriting). */
const COPIED = [
  'description',
  'title',
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'pattern',
  'minimum',
  'maximum',
  'minProperties',
  'maxProperties',
  'propertyOrdering',
  'default',
  'example',
] as const;

/** The only `format` values Gemini accepts, per type. */
const FORMATS: Record<string, readonly string[]> = {
  STRING: ['enum', 'date-time'],
  NUMBER: ['float', 'double'],
  INTEGER: ['int32', 'int64'],
};

/** Deeper than this, a (recursive) schema is cut to `{}`: Gemini cannot express recursion anyway. */
const MAX_DEPTH = 24;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullSchema(value: unknown): boolean {
  return isRecord(value) && value.type === 'null';
}

/**
 * Rewrites a JSON Schema into the subset Gemini accepts. Pure; never throws; the input is not
 * modified. Local `$ref`s (`#/$defs/X`, `#/definitions/X`) are inlined; recursive ones become `{}`.
 */
export function sanitizeSchema(schema: unknown): Json {
  if (!isRecord(schema)) return {};
  const defs: Json = {
    ...(isRecord(schema.definitions) ? schema.definitions : {}),
    ...(isRecord(schema.$defs) ? schema.$defs : {}),
  };
  return convert(schema, defs, 0, new Set());
}

function convert(node: unknown, defs: Json, depth: number, refs: ReadonlySet<string>): Json {
  if (!isRecord(node) || depth > MAX_DEPTH) return {};

  if (typeof node.$ref === 'string') {
    const name = /^#\/(?:\$defs|definitions)\/(.+)$/.exec(node.$ref)?.[1];
    const target = name === undefined ? undefined : defs[name];
    if (name === undefined || !isRecord(target) || refs.has(name)) {
      return typeof node.description === 'string' ? { description: node.description } : {};
    }
    const { $ref: _ref, ...siblings } = node;
    return convert({ ...target, ...siblings }, defs, depth + 1, new Set([...refs, name]));
  }

  const out: Json = {};
  let nullable = node.nullable === true;

  const types = (Array.isArray(node.type) ? node.type : [node.type]).filter((t) => typeof t === 'string');
  if (types.includes('null')) nullable = true;
  const nonNull = types.filter((t) => t !== 'null');
  if (nonNull.length > 1) {
    // `type: ['string', 'number']`: one branch per type, each with the node's other keywords.
    const branches = nonNull.map((t) => convert({ ...node, type: t, nullable: false }, defs, depth + 1, refs));
    return nullable ? { anyOf: branches, nullable: true } : { anyOf: branches };
  }
  if (nonNull.length === 1) out.type = String(nonNull[0]).toUpperCase();

  for (const key of COPIED) if (node[key] !== undefined) out[key] = node[key];

  if (typeof node.format === 'string' && typeof out.type === 'string' && FORMATS[out.type]?.includes(node.format)) {
    out.format = node.format;
  }

  const enumValues = Array.isArray(node.enum) ? node.enum : 'const' in node ? [node.const] : undefined;
  if (enumValues !== undefined) {
    if (enumValues.includes(null)) nullable = true;
    const values = enumValues.filter((v) => v !== null);
    // Gemini takes string enums only; a numeric enum is dropped rather than changing the type.
    if (values.length > 0 && values.every((v) => typeof v === 'string')) {
      out.enum = values;
      out.type ??= 'STRING';
    }
  }

  if (isRecord(node.properties)) {
    const properties: Json = {};
    for (const [name, sub] of Object.entries(node.properties)) properties[name] = convert(sub, defs, depth + 1, refs);
    out.properties = properties;
  }
  if (Array.isArray(node.required)) {
    const known = isRecord(out.properties) ? out.properties : {};
    const required = node.required.filter((r): r is string => typeof r === 'string' && r in known);
    if (required.length > 0) out.required = required;
  }
  if (isRecord(node.items)) out.items = convert(node.items, defs, depth + 1, refs);
  // A schema that leaves its type implicit still needs one for Gemini.
  if (out.type === undefined && out.properties !== undefined) out.type = 'OBJECT';
  if (out.type === undefined && out.items !== undefined) out.type = 'ARRAY';

  const union = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
  if (union !== undefined) {
    if (union.some(isNullSchema)) nullable = true;
    const branches = union.filter((b) => !isNullSchema(b)).map((b) => convert(b, defs, depth + 1, refs));
    if (branches.length === 1 && branches[0] !== undefined) mergeInto(out, branches[0]);
    else if (branches.length > 1) out.anyOf = branches;
  }
  if (Array.isArray(node.allOf)) {
    for (const member of node.allOf) mergeInto(out, convert(member, defs, depth + 1, refs));
  }

  if (nullable) out.nullable = true;
  return out;
}

/** Merges `from` into `into` (allOf / single-branch anyOf): properties and required are unioned. */
function mergeInto(into: Json, from: Json): void {
  for (const [key, value] of Object.entries(from)) {
    if (key === 'properties' && isRecord(into.properties) && isRecord(value)) {
      into.properties = { ...into.properties, ...value };
    } else if (key === 'required' && Array.isArray(into.required) && Array.isArray(value)) {
      into.required = [...new Set([...into.required, ...value])];
    } else if (into[key] === undefined) {
      into[key] = value;
    }
  }
}
