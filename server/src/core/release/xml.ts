// Just enough XML for release files: a linear scan of tags and text (no DTD,
// no external entities: nothing is fetched or expanded beyond the five
// predefined entities and character references).

/** A tag or a run of text, in document order. */
export type XmlToken =
  | { kind: 'open'; name: string; attrs: Record<string, string>; selfClosing: boolean; at: number }
  | { kind: 'close'; name: string; at: number }
  | { kind: 'text'; text: string; at: number };

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces the predefined entities and character references; others stay as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z]+);/g, (m, body: string) => {
    if (body[0] === '#') {
      const n = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return NAMED[body] ?? m;
  });
}

const ATTR = /([A-Za-z_:][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

export function parseAttrs(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s.includes('=')) return out;
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(s))) out[m[1]] = decodeEntities(m[2] ?? m[3] ?? '');
  return out;
}

/** The local name of a possibly prefixed name (`ns:CODE` → `CODE`). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/**
 * The tokens of an XML text. Comments, processing instructions and the
 * DOCTYPE are skipped; CDATA is text. Throws XmlError where the text is not
 * XML (a `<` that starts no tag, an unterminated comment or tag).
 */
export function* xmlTokens(xml: string): Generator<XmlToken> {
  let i = 0;
  const n = xml.length;
  while (i < n) {
    const lt = xml.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      const raw = xml.slice(i, end);
      if (raw.trim()) yield { kind: 'text', text: decodeEntities(raw), at: i };
    }
    if (lt < 0) return;
    if (xml.startsWith('<!--', lt)) {
      const close = xml.indexOf('-->', lt + 4);
      if (close < 0) throw new XmlError('a comment is not closed', lt);
      i = close + 3;
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const close = xml.indexOf(']]>', lt + 9);
      if (close < 0) throw new XmlError('a CDATA section is not closed', lt);
      yield { kind: 'text', text: xml.slice(lt + 9, close), at: lt };
      i = close + 3;
    } else if (xml.startsWith('<?', lt)) {
      const close = xml.indexOf('?>', lt + 2);
      if (close < 0) throw new XmlError('a processing instruction is not closed', lt);
      i = close + 2;
    } else if (xml.startsWith('<!', lt)) {
      // <!DOCTYPE …> with an optional internal subset in brackets.
      const bracket = xml.indexOf('[', lt);
      const gt = xml.indexOf('>', lt);
      if (gt < 0) throw new XmlError('a declaration is not closed', lt);
      if (bracket >= 0 && bracket < gt) {
        const close = xml.indexOf(']>', bracket);
        if (close < 0) throw new XmlError('a declaration is not closed', lt);
        i = close + 2;
      } else i = gt + 1;
    } else {
      const gt = tagEnd(xml, lt + 1);
      if (gt < 0) throw new XmlError('a tag is not closed', lt);
      const body = xml.slice(lt + 1, gt);
      if (body[0] === '/') {
        yield { kind: 'close', name: body.slice(1).trim(), at: lt };
      } else {
        const m = /^([A-Za-z_][\w.:-]*)/.exec(body);
        if (!m) throw new XmlError('a "<" that starts no tag', lt);
        const selfClosing = body.endsWith('/');
        const attrText = body.slice(m[1].length, selfClosing ? -1 : undefined);
        yield { kind: 'open', name: m[1], attrs: parseAttrs(attrText), selfClosing, at: lt };
      }
      i = gt + 1;
    }
  }
}

/** The `>` that ends a tag starting at `from`, skipping quoted attribute values. */
function tagEnd(xml: string, from: number): number {
  let quote = '';
  for (let i = from; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i;
    else if (c === '<') return -1;
  }
  return -1;
}

export class XmlError extends Error {
  constructor(
    message: string,
    /** Character offset in the text. */
    readonly at: number,
  ) {
    super(message);
  }
}

/** 0-based line of a character offset. */
export function lineAt(text: string, at: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
