// Validates guidance pack JSON against schemas/guidance-pack.schema.json before
// the engine uses it. A pack is data: it is checked, never executed; a pack that
// does not fit is reported (file, JSON path, what was expected) and not used.

import type { ErrorObject } from 'ajv';
import type { GuidancePack } from '../core/guidance/pack';
// The schema compiled ahead of time (scripts/gen-pack-validator.mjs): no ajv and no schema compilation at run time.
import validateSchema from './pack-validator.generated';

/** The generated validator: true when the JSON fits, else its errors (ajv's shape, with `verbose` schemas) on the function. */
interface ValidateFunction {
  (json: unknown): boolean;
  errors?: ErrorObject[] | null;
}
const validate = validateSchema as ValidateFunction;

/** `/approaches/open/mainCode` → `$.approaches.open.mainCode`; array indexes as `[0]`. */
function jsonPath(pointer: string): string {
  if (!pointer) return '$';
  return (
    '$' +
    pointer
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .map((p) => (/^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`))
      .join('')
  );
}

function describe(e: ErrorObject): string {
  const expected = (e.parentSchema as { description?: string } | undefined)?.description;
  let path = jsonPath(e.instancePath);
  const what = e.message ?? 'is not valid';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    path = `${path}.${extra}`;
    return `${path}: unknown property (not part of a guidance pack)`;
  }
  if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty: string }).missingProperty;
    const sub = (e.parentSchema as { properties?: Record<string, { description?: string }> })?.properties?.[missing]?.description;
    return `${path}.${missing}: missing; expected ${sub ?? 'a value'}`;
  }
  if (e.keyword === 'propertyNames') return `${path}: ${what}`;
  if (e.keyword === 'enum' && e.propertyName)
    return `${path}.${e.propertyName}: not an approach with a code set (open, percutaneous, laparoscopic, endoscopic)`;
  return `${path}: ${what}${expected ? `; expected ${expected}` : ''}`;
}

/**
 * The pack, or what does not fit: one message per problem and, at the same
 * index in `paths`, where in the JSON it is (property names and list indexes),
 * so that an adapter can give its line and column.
 */
export function validatePackJson(json: unknown): { pack: GuidancePack | null; problems: string[]; paths: (string | number)[][] } {
  if (validate(json)) {
    const pack = json as GuidancePack;
    return { pack: { ...pack, id: pack.id.toUpperCase() }, problems: [], paths: [] };
  }
  const seen = new Set<string>();
  const problems: string[] = [];
  const paths: (string | number)[][] = [];
  for (const e of validate.errors ?? []) {
    const text = describe(e);
    if (!seen.has(text)) {
      seen.add(text);
      problems.push(text);
      paths.push(pathOf(e));
    }
  }
  return { pack: null, problems, paths };
}

/** `/approaches/open/mainCode` → `['approaches', 'open', 'mainCode']`; an unknown property's name added. */
function pathOf(e: ErrorObject): (string | number)[] {
  const path: (string | number)[] = e.instancePath
    ? e.instancePath
        .split('/')
        .slice(1)
        .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p))
    : [];
  if (e.keyword === 'additionalProperties') path.push((e.params as { additionalProperty: string }).additionalProperty);
  return path;
}
