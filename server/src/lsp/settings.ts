// Editor settings (`codingNotes.*`). Only `rules` reaches the checks: per-rule
// severities that override the configuration file's, for this editor only.
// `inlayHints.titles` switches the title hints off.

import type { CheckSettings } from '../core/engine';
import type { SeveritySetting } from '../core/types';
import { SEVERITY_SETTINGS } from '../core/types';

export interface EditorSettings {
  rules: Record<string, SeveritySetting>;
  /** Show each code's title after a code written without one (default on). */
  inlayHintTitles: boolean;
  /** `codingNotes.maxDocumentSize`: characters above which a document is not checked (0: no limit); absent when not set. */
  maxDocumentSize?: number;
}

export const NO_EDITOR_SETTINGS: EditorSettings = Object.freeze({ rules: Object.freeze({}), inlayHintTitles: true }) as EditorSettings;

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
  const settings: EditorSettings = { rules, inlayHintTitles };
  const size = isObject(section) ? section.maxDocumentSize : undefined;
  if (isDocumentSize(size)) settings.maxDocumentSize = size;
  else if (size !== undefined && size !== null) ignored.push('codingNotes.maxDocumentSize must be a whole number of characters, 0 or more');
  return { settings, ignored };
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
