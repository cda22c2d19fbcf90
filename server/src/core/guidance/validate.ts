// Checks a workspace guidance pack's JSON before the engine uses it. Packs are
// data and are never executed; a pack that does not fit is reported, not used.

import type { GuidancePack } from './pack';
import { APPROACHES } from '../fields';

export function validatePack(json: unknown): { pack: GuidancePack | null; problems: string[] } {
  const problems: string[] = [];
  const at = (path: string, what: string) => problems.push(`${path}: expected ${what}`);
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
  const isCode = (v: unknown) => typeof v === 'string' && /^[A-Z]\d{2}\.\d$/.test(v);
  if (!isObj(json)) return { pack: null, problems: ['$: expected an object'] };
  if (!isStr(json.id) || !/^[A-Za-z][A-Za-z0-9-]*$/.test(json.id as string)) at('$.id', 'a guidance id such as "IPG369"');
  if (!isStr(json.title)) at('$.title', 'a title');
  if (!isStr(json.procedure)) at('$.procedure', 'the procedure in a coder\'s words');
  if (!isObj(json.source) || !isStr(json.source.title) || !isStr(json.source.url)) at('$.source', 'an object with "title" and "url"');
  const trig = json.trigger;
  if (!isObj(trig) || !Array.isArray(trig.allOf) || !trig.allOf.every((g) => Array.isArray(g) && g.length && g.every(isStr))) {
    at('$.trigger.allOf', 'a list of word lists, e.g. [["cryo*"], ["liver"]]');
  }
  if (!isObj(json.approaches) || !Object.keys(json.approaches).length) at('$.approaches', 'an object of approach to { "mainCode": … }');
  else {
    for (const [a, v] of Object.entries(json.approaches)) {
      if (!(APPROACHES as readonly string[]).includes(a) || a === 'not stated') at(`$.approaches.${a}`, `an approach among ${APPROACHES.slice(0, 4).join(', ')}`);
      else if (!isObj(v) || !isCode(v.mainCode)) at(`$.approaches.${a}.mainCode`, 'an OPCS-4 code such as "J12.8"');
    }
  }
  const mc = json.methodCode;
  if (mc !== undefined && (!isObj(mc) || !isCode(mc.code) || !isStr(mc.check) || !isStr(mc.name))) at('$.methodCode', 'an object with "code", "check" and "name"');
  const ic = json.imageControl;
  if (ic !== undefined && (!isObj(ic) || !Array.isArray(ic.codeCategories) || !ic.codeCategories.every((c) => typeof c === 'string' && /^[A-Z]\d{2}$/.test(c)))) {
    at('$.imageControl.codeCategories', 'a list of OPCS-4 categories such as ["Y53", "Y68"]');
  }
  const dx = json.diagnosis;
  if (dx !== undefined && (!isObj(dx) || !isCode(dx.code))) at('$.diagnosis.code', 'an ICD-10 code such as "C78.7"');
  if (problems.length) return { pack: null, problems };
  const pack = json as unknown as GuidancePack;
  return { pack: { ...pack, id: pack.id.toUpperCase() }, problems };
}
