/**
 * Command lines given as one string (the `:` prompt, SPACES_SSH) split into words
 * the way a shell would for the simple cases: whitespace, single and double
 * quotes, backslashes. No expansion of any kind: nothing is ever run by a shell.
 */

/** Splits a command line into words, honouring single and double quotes and backslashes. */
export function splitWords(line: string): string[] | string {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += ch;
      inWord = true;
    }
  }
  if (quote) return `unterminated ${quote} quote`;
  if (inWord) words.push(cur);
  return words;
}
