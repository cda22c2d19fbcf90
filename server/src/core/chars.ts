// Character classes by char code, for the parser's scans (no regular expression per line).

export function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isNameChar(c: number): boolean {
  return isLetter(c) || (c >= 48 && c <= 57) || c === 32 /* space */ || c === 95 /* _ */ || c === 45; /* - */
}

export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** What `.` in a regular expression does not match; lines are already split at \n and \r. */
export function isLineSeparator(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** What `String.prototype.trim` and `\s` take for white space. */
export function isSpace(c: number): boolean {
  if (c === 32 || (c >= 9 && c <= 13)) return true;
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}
