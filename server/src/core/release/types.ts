// What a release reader gives back.

import type { Classification, ReleaseEntry } from '../terminology';

export type ReleaseFormat = 'txt' | 'txt-header' | 'xml' | 'claml';

export interface ReleaseRead {
  format: ReleaseFormat;
  /** How the format is named to a person: `Codes and Titles TXT (no header)`… */
  formatLabel: string;
  entries: ReleaseEntry[];
  /** Well-formed codes with a fifth character (ICD-10 modifiers), which notes do not use. */
  fifthCharacter: number;
  /** Lines (or records) that hold no readable code and title: how many, and the first's 0-based line. */
  unread: { count: number; firstLine: number } | null;
  /** The version the content states (ClaML Title, an XML version element), as a label. */
  version: string | null;
  /** The classification the content says it holds, where it says so. */
  states: Classification | null;
  /** What nothing could be read of, in words (no quote of the content); then entries is empty. */
  error: string | null;
}

/** What each format expects, for messages. */
export const EXPECTED: Record<ReleaseFormat, string> = {
  txt: 'a code, a tab and its title on each line (OPCS-4 Codes and Titles TXT)',
  'txt-header':
    'a header row naming a code column (CODE or ALT_CODE) and a title column (DESCRIPTION or TITLE), then one code a line (ICD-10 Codes and Titles and Metadata TXT)',
  xml: 'one element per code with a code (CODE or ALT_CODE) and a title (DESCRIPTION or TITLE) inside it',
  claml: 'ClaML classes of kind "category" with a preferred rubric label',
};

/** What a TXT release holds, whichever classification it is for: said when a file has no tab at all. */
export const ANY_TXT =
  'tab-separated columns: the OPCS-4 Codes and Titles TXT (a code, a tab and its title on each line), or the ICD-10 Codes and Titles and Metadata TXT (a header row naming CODE and DESCRIPTION, then one code a line)';

export const ANY_RELEASE =
  'an OPCS-4 or ICD-10 release file: Codes and Titles TXT (code, tab, title), a TXT with a header row naming CODE and DESCRIPTION, the XML twin of either, or ClaML XML';
