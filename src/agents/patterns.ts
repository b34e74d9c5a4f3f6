/**
 * Screen patterns from presets (built-in or the user's config) run inside the
 * daemon, against the bottom rows of a pane's screen. A regular expression with
 * nested quantifiers (`(a+)+`) can take exponential time on a hostile line and
 * would freeze every session, so such patterns are refused when the config is
 * read, and the text they see is bounded (rows × columns).
 */

/** Long enough for any real prompt shape; a longer pattern is a mistake. */
const MAX_PATTERN = 256;

/** Returns what is wrong with `source`, or null when it may be used. */
export function checkPattern(source: string): string | null {
  if (source.length === 0) return 'an empty pattern matches every screen';
  if (source.length > MAX_PATTERN) return `pattern longer than ${MAX_PATTERN} characters`;
  try {
    new RegExp(source, 'u');
  } catch (e) {
    return `not a valid regular expression (${(e as Error).message})`;
  }
  if (hasNestedQuantifier(source)) {
    return 'a group that repeats and contains repetition or alternatives, like (a+)+ or (a|b)*, can take exponential time; simplify it';
  }
  return null;
}

/**
 * True when a group that is itself quantified contains a quantifier or an
 * alternation: the shapes behind catastrophic backtracking. Conservative (it also
 * refuses some safe patterns), which is the right side to err on in a daemon.
 */
function hasNestedQuantifier(src: string): boolean {
  const stack: Array<{ inner: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') stack.push({ inner: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = src[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (group && quantified && group.inner) return true;
      if (group && stack.length) stack[stack.length - 1].inner ||= group.inner || quantified;
    } else if ((c === '*' || c === '+' || c === '{' || c === '|') && stack.length) {
      stack[stack.length - 1].inner = true;
    }
  }
  return false;
}

export interface PatternMatch {
  pattern: string;
  /** The matching lines, as shown on screen. */
  lines: string[];
  /** Where each match is (row id, column, matched text): the same question, if it stays put. */
  keys: string[];
}

export interface ScreenRow {
  text: string;
  /** Stable while the row stays on screen or in history (see ScreenText.top). */
  id: number;
}

export type CompiledPatterns = Array<{ source: string; re: RegExp }>;

/** Compiles checked patterns once; invalid ones (never expected after checking) are dropped. */
export function compilePatterns(sources: string[]): CompiledPatterns {
  const out: CompiledPatterns = [];
  for (const source of sources) {
    if (checkPattern(source)) continue;
    out.push({ source, re: new RegExp(source, 'u') });
  }
  return out;
}

/** The first pattern that matches any of `rows` (skipping matches whose key is in `skip`), with every row it matched. */
export function firstMatch(patterns: CompiledPatterns, rows: ScreenRow[], skip?: ReadonlySet<string>): PatternMatch | null {
  for (const { source, re } of patterns) {
    const lines: string[] = [];
    const keys: string[] = [];
    for (const row of rows) {
      const m = re.exec(row.text);
      if (!m) continue;
      const key = `${row.id}:${m.index}:${m[0]}`;
      if (skip?.has(key)) continue;
      lines.push(row.text);
      keys.push(key);
    }
    if (lines.length) return { pattern: source, lines, keys };
  }
  return null;
}
