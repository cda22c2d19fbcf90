// Editor settings (`codingNotes.*`). Only `rules` reaches the checks: per-rule
// severities that override the configuration file's, for this editor only.
// `inlayHints.titles` switches the title hints off; `fixAll.kinds` says which
// kinds of preferred fix the fix-all source action (and fix-on-save) applies.

import type { CheckSettings } from '../core/engine';
import type { FixKind, SeveritySetting } from '../core/types';
import { DEFAULT_FIX_KINDS, FIX_KINDS, SEVERITY_SETTINGS } from '../core/types';

export interface EditorSettings {
  rules: Record<string, SeveritySetting>;
  /** Show each code's title after a code written without one (default on). */
  inlayHintTitles: boolean;
  /** `codingNotes.maxDocumentSize`: characters above which a document is not checked (0: no limit); absent when not set. */
  maxDocumentSize?: number;
  /** `codingNotes.fixAll.kinds`: the kinds of preferred fix that fix-all applies (default reading, layout, insert). */
  fixAllKinds: readonly FixKind[];
}

export const NO_EDITOR_SETTINGS: EditorSettings = Object.freeze({
  rules: Object.freeze({}),
  inlayHintTitles: true,
  fixAllKinds: DEFAULT_FIX_KINDS,
});

/**
 * Reads the `codingNotes` section as the client sent it. Anything malformed is
 * dropped and described in `ignored`, so one bad entry does not cost the rest.
 */
export function readEditorSettings(section: unknown): { settings: EditorSettings; ignored: string[] } {
  const ignored: string[] = [];
  const rules: Record<string, SeveritySetting> = {};
  const raw = isObject(section) ? section.rules : undefined;
  if (raw !== undefined && raw !== null) {
    if (!isObject(raw)) ignored.push('codingNotes.rules must be an object of rule id to severity');
    else {
      for (const [id, value] of Object.entries(raw)) {
        if (typeof value === 'string' && SEVERITY_SETTINGS.includes(value as SeveritySetting)) rules[id] = value as SeveritySetting;
        else ignored.push(`codingNotes.rules: "${id}" must be one of ${SEVERITY_SETTINGS.join(', ')}`);
      }
    }
  }
  let inlayHintTitles = true;
  const hints = isObject(section) ? section.inlayHints : undefined;
  const titles = isObject(hints) ? hints.titles : undefined;
  if (titles === false) inlayHintTitles = false;
  else if (titles !== undefined && titles !== null && titles !== true) ignored.push('codingNotes.inlayHints.titles must be true or false');
  const settings: EditorSettings = { rules, inlayHintTitles, fixAllKinds: readFixAllKinds(section, ignored) };
  const size = isObject(section) ? section.maxDocumentSize : undefined;
  if (isDocumentSize(size)) settings.maxDocumentSize = size;
  else if (size !== undefined && size !== null) ignored.push('codingNotes.maxDocumentSize must be a whole number of characters, 0 or more');
  return { settings, ignored };
}

/**
 * `codingNotes.fixAll.kinds`: a list of fix kinds. Entries that are not a kind
 * are ignored (and said so); a value that is not a list leaves the default.
 * An empty list is taken as written: fix-all then applies nothing.
 */
function readFixAllKinds(section: unknown, ignored: string[]): readonly FixKind[] {
  const fixAll = isObject(section) ? section.fixAll : undefined;
  const raw = isObject(fixAll) ? fixAll.kinds : undefined;
  if (raw === undefined || raw === null) return DEFAULT_FIX_KINDS;
  if (!Array.isArray(raw)) {
    ignored.push(`codingNotes.fixAll.kinds must be a list of fix kinds (${FIX_KINDS.join(', ')})`);
    return DEFAULT_FIX_KINDS;
  }
  const kinds = new Set<FixKind>();
  for (const entry of raw) {
    if (typeof entry === 'string' && (FIX_KINDS as readonly string[]).includes(entry)) kinds.add(entry as FixKind);
    else ignored.push(`codingNotes.fixAll.kinds: ${JSON.stringify(entry) ?? String(entry)} is not a fix kind (${FIX_KINDS.join(', ')})`);
  }
  // In the canonical order, whatever order the setting lists them in.
  return FIX_KINDS.filter((k) => kinds.has(k));
}

/** The configuration file's settings with the editor's rule severities on top. */
export function mergeSettings(fromConfig: CheckSettings, editor: EditorSettings): CheckSettings {
  if (!Object.keys(editor.rules).length) return fromConfig;
  return { ...fromConfig, rules: { ...fromConfig.rules, ...editor.rules } };
}

/** A usable size limit: a whole number of characters, 0 (no limit) or more. */
export function isDocumentSize(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
