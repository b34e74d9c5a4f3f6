/**
 * What a terminal sends when text is pasted into it (xterm.js's
 * `prepareTextForTerminal` + `bracketTextForPaste`): line feeds become carriage
 * returns, as if each line were typed and Enter pressed; and when the program
 * turned on bracketed paste (DECSET 2004) the text is wrapped in ESC[200~ ...
 * ESC[201~ so that it can tell a paste from typing (an agent then does not submit
 * at the first newline). Any bracket markers inside the text are removed, or a
 * file could end the paste early and have the rest typed as commands.
 */

const START = '\x1b[200~';
const END = '\x1b[201~';

export function pasteBytes(text: string, bracketed: boolean): string {
  const body = text.split(START).join('').split(END).join('').replace(/\r?\n/g, '\r');
  return bracketed ? START + body + END : body;
}
