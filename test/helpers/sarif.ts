// A SARIF 2.1.0 log checked against the parts of the OASIS schema
// (sarif-schema-2.1.0.json) that apply to what coding-notes writes: for each
// object kind, its required properties, the properties the schema allows (it
// allows no others: additionalProperties is false throughout), and the enums,
// minimums and formats of the values. Written by hand from the schema, so the
// tests need no network and no large validator package.

import assert from 'node:assert/strict';

type Check = (value: any, at: string) => void;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(required: string[], properties: Record<string, Check>): Check {
  return (value, at) => {
    assert.ok(isObject(value), `${at}: an object`);
    for (const key of required) assert.ok(key in value, `${at}: "${key}" is required`);
    for (const [key, v] of Object.entries(value)) {
      const check = properties[key];
      assert.ok(check, `${at}: "${key}" is not a property the schema allows here`);
      check(v, `${at}.${key}`);
    }
  };
}

function array(item: Check, minItems = 0): Check {
  return (value, at) => {
    assert.ok(Array.isArray(value), `${at}: an array`);
    assert.ok(value.length >= minItems, `${at}: at least ${minItems} item(s)`);
    value.forEach((v: unknown, i: number) => item(v, `${at}[${i}]`));
  };
}

const string: Check = (v, at) => assert.equal(typeof v, 'string', `${at}: a string`);
const boolean: Check = (v, at) => assert.equal(typeof v, 'boolean', `${at}: a boolean`);
const integer =
  (minimum: number): Check =>
  (v, at) =>
    assert.ok(Number.isInteger(v) && v >= minimum, `${at}: an integer >= ${minimum}, not ${v}`);
const oneOf =
  (values: string[]): Check =>
  (v, at) =>
    assert.ok(values.includes(v), `${at}: one of ${values.join(', ')}, not ${v}`);
/** format "uri": an absolute URI. */
const uri: Check = (v, at) => {
  string(v, at);
  assert.match(v, /^[a-z][a-z0-9+.-]*:/i, `${at}: an absolute URI`);
};
/** format "uri-reference": absolute or relative. */
const uriReference: Check = (v, at) => {
  string(v, at);
  assert.doesNotMatch(v, /\s/, `${at}: a URI reference has no white space`);
};
/** A property bag: any object (its `tags`, when given, a list of unique strings). */
const propertyBag: Check = (v, at) => assert.ok(isObject(v), `${at}: a property bag is an object`);

const message = object([], { text: string, markdown: string, id: string, arguments: array(string), properties: propertyBag });
const multiformatMessageString = object(['text'], { text: string, markdown: string, properties: propertyBag });
const artifactLocation = object([], { uri: uriReference, uriBaseId: string, index: integer(-1), description: message, properties: propertyBag });
const artifactContent = object([], { text: string, binary: string, rendered: multiformatMessageString, properties: propertyBag });
const region = object([], {
  startLine: integer(1),
  startColumn: integer(1),
  endLine: integer(1),
  endColumn: integer(1),
  charOffset: integer(-1),
  charLength: integer(0),
  byteOffset: integer(-1),
  byteLength: integer(0),
  snippet: artifactContent,
  message,
  sourceLanguage: string,
  properties: propertyBag,
});
const physicalLocation = object([], { artifactLocation, region, contextRegion: region, properties: propertyBag });
const location = object([], { id: integer(-1), physicalLocation, message, properties: propertyBag });
const replacement = object(['deletedRegion'], { deletedRegion: region, insertedContent: artifactContent, properties: propertyBag });
const artifactChange = object(['artifactLocation', 'replacements'], { artifactLocation, replacements: array(replacement, 1), properties: propertyBag });
const fix = object(['artifactChanges'], { description: message, artifactChanges: array(artifactChange, 1), properties: propertyBag });
const suppression = object(['kind'], {
  guid: string,
  kind: oneOf(['inSource', 'external']),
  status: oneOf(['accepted', 'underReview', 'rejected']),
  justification: string,
  location,
  properties: propertyBag,
});
const level = oneOf(['none', 'note', 'warning', 'error']);
const result = object(['message'], {
  ruleId: string,
  ruleIndex: integer(-1),
  kind: oneOf(['notApplicable', 'pass', 'fail', 'review', 'open', 'informational']),
  level,
  message,
  locations: array(location),
  relatedLocations: array(location),
  fixes: array(fix),
  suppressions: array(suppression),
  properties: propertyBag,
});
const reportingConfiguration = object([], {
  enabled: boolean,
  level,
  rank: (v, at) => assert.ok(typeof v === 'number' && v >= -1 && v <= 100, at),
  parameters: propertyBag,
  properties: propertyBag,
});
const reportingDescriptor = object(['id'], {
  id: string,
  name: string,
  shortDescription: multiformatMessageString,
  fullDescription: multiformatMessageString,
  defaultConfiguration: reportingConfiguration,
  helpUri: uri,
  help: multiformatMessageString,
  properties: propertyBag,
});
const toolComponent = object(['name'], {
  name: string,
  fullName: string,
  version: string,
  semanticVersion: string,
  informationUri: uri,
  rules: array(reportingDescriptor),
  properties: propertyBag,
});
const notification = object(['message'], { message, level, locations: array(location), properties: propertyBag });
const invocation = object(['executionSuccessful'], {
  executionSuccessful: boolean,
  toolExecutionNotifications: array(notification),
  toolConfigurationNotifications: array(notification),
  exitCode: (v, at) => assert.ok(Number.isInteger(v), at),
  properties: propertyBag,
});
const run = object(['tool'], {
  tool: object(['driver'], { driver: toolComponent, properties: propertyBag }),
  invocations: array(invocation),
  originalUriBaseIds: (v, at) => {
    assert.ok(isObject(v), at);
    for (const [k, base] of Object.entries(v))
      object([], { uri: uriReference, uriBaseId: string, description: message, properties: propertyBag })(base, `${at}.${k}`);
  },
  columnKind: oneOf(['utf16CodeUnits', 'unicodeCodePoints']),
  results: array(result),
  properties: propertyBag,
});
const sarifLog = object(['version', 'runs'], { $schema: uri, version: oneOf(['2.1.0']), runs: array(run), properties: propertyBag });

/** Fails with the JSON path of the first thing that does not fit the SARIF 2.1.0 schema. */
export function assertValidSarif(log: unknown): void {
  sarifLog(log, '$');
  // Beyond the schema, the spec: ruleIndex points at the rule whose id is ruleId.
  const [first] = (log as any).runs;
  for (const r of first.results ?? []) {
    if (r.ruleIndex !== undefined) assert.equal(first.tool.driver.rules[r.ruleIndex]?.id, r.ruleId, `ruleIndex of ${r.ruleId}`);
  }
}
