// The TextMate grammar (syntaxes/codingnote.tmLanguage.json), tokenized with the
// same engine VS Code uses (vscode-textmate + the Oniguruma WASM build), and the
// language configuration's word pattern.

import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

const GRAMMAR_PATH = join(process.cwd(), 'syntaxes', 'codingnote.tmLanguage.json');
const CONFIG_PATH = join(process.cwd(), 'language-configuration.json');
const SCOPE = 'source.codingnote';

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(process.cwd(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName: string) => (scopeName === SCOPE ? textmate.parseRawGrammar(readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null),
  });
  const loaded = await registry.loadGrammar(SCOPE);
  assert.ok(loaded, 'the grammar loads');
  grammar = loaded;
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes lines in order (so item lines see their field), returning each line's tokens. */
function tokenize(...lines: string[]): Token[][] {
  let state = textmate.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes of the token that is exactly `text` on a line; fails when no token is. */
function scopesOf(tokens: Token[], text: string): string[] {
  const t = tokens.find((x) => x.text === text);
  assert.ok(t, `a token "${text}" among ${JSON.stringify(tokens.map((x) => x.text))}`);
  return t.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

function assertScope(tokens: Token[], text: string, prefix: string) {
  const scopes = scopesOf(tokens, text);
  assert.ok(hasScope(scopes, prefix), `"${text}" has ${prefix}; got ${scopes.join(' ')}`);
}

function assertNoScope(tokens: Token[], text: string, prefix: string) {
  const scopes = scopesOf(tokens, text);
  assert.ok(!hasScope(scopes, prefix), `"${text}" must not have ${prefix}; got ${scopes.join(' ')}`);
}

describe('grammar', () => {
  test('is the coding-note grammar', () => {
    const raw = JSON.parse(readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.equal(raw.scopeName, SCOPE);
  });

  test('comments', () => {
    const [line] = tokenize('# Liver list, theatre 3: J12.8 done');
    assertScope(line, '#', 'punctuation.definition.comment');
    for (const t of line) assert.ok(hasScope(t.scopes, 'comment.line.number-sign'), `"${t.text}" is comment`);
    // A code in a comment is not a code.
    assert.ok(!line.some((t) => hasScope(t.scopes, 'constant.other.code')));
  });

  test('a suppression directive, its rule ids and its reason', () => {
    const [line] = tokenize('# coding-notes-disable-next-line ipg369/image-control-method, code/sequence -- audit 2026-11');
    assertScope(line, 'coding-notes-disable-next-line', 'keyword.other.directive');
    assertScope(line, 'coding-notes-disable-next-line', 'comment.line.number-sign');
    assertScope(line, 'ipg369/image-control-method', 'variable.parameter.rule-id');
    assertScope(line, 'code/sequence', 'variable.parameter.rule-id');
    assertScope(line, '--', 'punctuation.separator.reason');
    const reason = line.find((t) => t.text.includes('audit'))!;
    assert.ok(!hasScope(reason.scopes, 'variable.parameter.rule-id'), 'the reason is not a rule id');
    assert.ok(hasScope(reason.scopes, 'comment.line.number-sign'), 'the reason is comment text');

    const [whole] = tokenize('# coding-notes-disable code/title-mismatch');
    assertScope(whole, 'coding-notes-disable', 'keyword.other.directive');
    assertScope(whole, 'code/title-mismatch', 'variable.parameter.rule-id');

    // Not a directive: the keyword must stand alone.
    const [near] = tokenize('# coding-notes-disabled for now');
    assert.ok(!near.some((t) => hasScope(t.scopes, 'keyword.other.directive')));
  });

  test('separators', () => {
    const [line] = tokenize('---');
    assertScope(line, '---', 'meta.separator');
    const [notOne] = tokenize('--');
    assert.ok(!notOne.some((t) => hasScope(t.scopes, 'meta.separator')));
  });

  test('known field names, and anything else', () => {
    const [known, folded, unknown, alias] = tokenize('Procedure: Open cryotherapy', 'image  CONTROL: ultrasound', 'Aproach: open', 'OPCS4: J12.8');
    assertScope(known, 'Procedure', 'support.type.property-name');
    assertScope(known, ':', 'punctuation.separator.key-value');
    assertScope(folded, 'image  CONTROL', 'support.type.property-name');
    assertScope(unknown, 'Aproach', 'invalid.illegal.unknown-field');
    assertNoScope(unknown, 'Aproach', 'support.type.property-name');
    assertScope(alias, 'OPCS4', 'invalid.illegal.unknown-field');
    assertScope(alias, 'J12.8', 'constant.other.code');
  });

  test('enumerated values of Approach and Image control', () => {
    const [approach, image, notStated, wrong] = tokenize('Approach: percutaneous', 'Image control: CT', 'Image control: Not Stated', 'Approach: sideways');
    assertScope(approach, 'percutaneous', 'constant.language.enum');
    assertScope(image, 'CT', 'constant.language.enum');
    assertScope(notStated, 'Not Stated', 'constant.language.enum');
    assertScope(wrong, 'sideways', 'string.unquoted.value');
    assertNoScope(wrong, 'sideways', 'constant.language.enum');
  });

  test('free-text values are plain strings, never codes', () => {
    const [episode, procedure, diagnosis, comment] = tokenize(
      'Episode: 2026-000123',
      'Procedure: Percutaneous cryotherapy to liver metastases',
      'Diagnosis: Secondary malignant neoplasm of liver',
      'Comment: Asked about C78.7 and J12.8',
    );
    assertScope(episode, '2026-000123', 'string.unquoted.value');
    assertScope(procedure, 'Percutaneous cryotherapy to liver metastases', 'string.unquoted.value');
    assertScope(diagnosis, 'Secondary malignant neoplasm of liver', 'string.unquoted.value');
    assertScope(comment, 'Asked about C78.7 and J12.8', 'string.unquoted.value');
    assert.ok(!comment.some((t) => hasScope(t.scopes, 'constant.other.code')));
  });

  test('inline OPCS-4 and ICD-10 entries: code and title', () => {
    const [opcs, icd] = tokenize(
      'OPCS-4: J03.2 Destruction of lesion of liver NEC, Y13.2, Y53.-',
      'ICD-10: C22.9 Malignant neoplasm of liver, unspecified, C78.7, C20',
    );
    assertScope(opcs, 'OPCS-4', 'support.type.property-name');
    assertScope(opcs, 'J03.2', 'constant.other.code');
    assertScope(opcs, 'J03.2', 'meta.field.opcs4');
    assertScope(opcs, 'Destruction of lesion of liver NEC', 'string.unquoted.title');
    assertNoScope(opcs, 'Destruction of lesion of liver NEC', 'constant.other.code');
    assertScope(opcs, 'Y13.2', 'constant.other.code');
    assertScope(opcs, 'Y53.-', 'constant.other.code');
    assertScope(opcs, ',', 'punctuation.separator.comma');
    // A comma inside a title does not end it; one before a code does.
    assertScope(icd, 'Malignant neoplasm of liver, unspecified', 'string.unquoted.title');
    assertScope(icd, 'C78.7', 'meta.field.icd10');
    assertScope(icd, 'C20', 'constant.other.code');
  });

  test('item lines under a code-list field, with a comment among them', () => {
    const [, main, comment, method, next] = tokenize(
      'OPCS-4:',
      '  J12.8 Other specified other therapeutic percutaneous operations on liver',
      '# coding-notes-disable-next-line code/title-mismatch',
      '\tY13.2 Cryotherapy',
      'ICD-10: C78.7',
    );
    assertScope(main, 'J12.8', 'constant.other.code');
    assertScope(main, 'J12.8', 'meta.field.opcs4');
    assertScope(main, 'Other specified other therapeutic percutaneous operations on liver', 'string.unquoted.title');
    assertScope(comment, 'coding-notes-disable-next-line', 'keyword.other.directive');
    assertScope(method, 'Y13.2', 'constant.other.code');
    assertScope(method, 'Y13.2', 'meta.field.opcs4');
    // The next field at column 0 ends the item list.
    assertScope(next, 'ICD-10', 'support.type.property-name');
    assertNoScope(next, 'ICD-10', 'meta.field.opcs4');
    assertScope(next, 'C78.7', 'meta.field.icd10');
  });

  test('SNOMED CT ids and |terms|', () => {
    const [inline, , item] = tokenize('SNOMED CT: 94381002 |liver term|, 26782000', 'SNOMED CT:', '  11000001102');
    assertScope(inline, 'SNOMED CT', 'support.type.property-name');
    assertScope(inline, '94381002', 'constant.numeric.snomed-id');
    assertScope(inline, '26782000', 'constant.numeric.snomed-id');
    assertScope(inline, 'liver term', 'string.quoted.other.term');
    assertScope(inline, '|', 'punctuation.definition.string.begin');
    assertScope(item, '11000001102', 'constant.numeric.snomed-id');
  });

  test('Guidance ids', () => {
    const [line] = tokenize('Guidance: IPG369, ipg327');
    assertScope(line, 'IPG369', 'constant.other.guidance-id');
    assertScope(line, 'ipg327', 'constant.other.guidance-id');
  });

  test('a note after a separator starts fresh', () => {
    const lines = tokenize('OPCS-4:', '  J12.8', '---', 'Episode: 2026-000124');
    assertScope(lines[2], '---', 'meta.separator');
    assertNoScope(lines[2], '---', 'meta.field.opcs4');
    assertScope(lines[3], 'Episode', 'support.type.property-name');
  });
});

describe('language configuration', () => {
  const config = JSON.parse(readFileSync(CONFIG_PATH, 'utf8'));

  /** The word at a column, found the way VS Code does: scan the line's matches, take the one around the column. */
  function wordAt(line: string, column: number): string | null {
    const re = new RegExp(config.wordPattern, 'g');
    for (const m of line.matchAll(re)) {
      if (m.index! <= column && column <= m.index! + m[0].length) return m[0];
    }
    return null;
  }

  test('# is the line comment', () => {
    assert.equal(config.comments.lineComment, '#');
  });

  test('the word pattern keeps a code whole', () => {
    const re = new RegExp(config.wordPattern);
    for (const code of ['J12.8', 'Y53.-', 'C78', 'C78.7']) {
      const m = re.exec(code);
      assert.ok(m, `${code} matches`);
      assert.equal(m[0], code, `${code} is one word`);
    }
    const line = 'OPCS-4: J12.8, Y13.2, Y53.-';
    assert.equal(wordAt(line, line.indexOf('J12.8') + 3), 'J12.8');
    assert.equal(wordAt(line, line.indexOf('Y53.-') + 4), 'Y53.-');
    assert.equal(wordAt('ICD-10: C78 ', 9), 'C78');
  });

  test('the word pattern still splits ordinary words', () => {
    const line = 'Diagnosis: Secondary malignant neoplasm of liver, unspecified';
    assert.equal(wordAt(line, line.indexOf('malignant') + 2), 'malignant');
    assert.equal(wordAt(line, line.indexOf('liver') + 1), 'liver');
    assert.equal(wordAt(line, 2), 'Diagnosis');
  });

  test('a rule id in a directive is one word', () => {
    const line = '# coding-notes-disable-next-line code/title-mismatch -- reason';
    assert.equal(wordAt(line, line.indexOf('title') + 1), 'code/title-mismatch');
  });

  test('only | closes itself, and not in free text or comments', () => {
    const pairs = (config.autoClosingPairs ?? []).map((p: { open: string } | string[]) => (Array.isArray(p) ? p[0] : p.open));
    assert.deepEqual(pairs, ['|']);
    assert.deepEqual(config.brackets, []);
  });

  test('every regular expression compiles in JavaScript', () => {
    assert.doesNotThrow(() => new RegExp(config.wordPattern, 'g'));
    for (const rule of config.onEnterRules ?? []) assert.doesNotThrow(() => new RegExp(rule.beforeText));
    assert.match('OPCS-4:', new RegExp(config.onEnterRules[0].beforeText));
    assert.doesNotMatch('OPCS-4: J12.8', new RegExp(config.onEnterRules[0].beforeText));
  });
});
