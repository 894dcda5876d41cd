/**
 * @fileoverview The line ending a file uses, so fix edits that insert lines match it (a CRLF file
 * stays CRLF).
 */

/** The first line ending in `text` (`\r\n`, `\r` or `\n`); `\n` when the text has none. */
export function lineEnding(text: string): string {
  const i = text.search(/\r\n?|\n/);
  if (i < 0) return "\n";
  return text[i] === "\r" ? (text[i + 1] === "\n" ? "\r\n" : "\r") : "\n";
}
