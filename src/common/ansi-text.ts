/**
 * Plain text lines from raw terminal output, without a terminal emulator: what
 * `spaces grep` searches. It understands what shapes a line of text (carriage
 * returns overwriting, backspace, tabs, erase-in-line, cursor moves along the line)
 * and skips every other escape sequence. It is an approximation of what a screen
 * would show, in exchange for running at memory speed over days of output: full
 * emulation (capture, replay) is reserved for the byte ranges a person looks at.
 *
 * Hostile input cannot make it throw or grow without bound: parameters and lines
 * are capped.
 */

export interface TextLine {
  text: string;
  /** Byte offset (in the stream fed so far) where the line began. */
  offset: number;
}

/** A line longer than this is cut into pieces: nobody greps a megabyte-long line, and memory stays bounded. */
export const MAX_LINE_CHARS = 16_384;
/** CSI parameters beyond this are ignored; real sequences use a handful of bytes. */
const MAX_PARAM_CHARS = 64;
const TAB_STOP = 8;

const enum S {
  Ground,
  Esc,
  Csi,
  /** OSC, DCS, APC, PM, SOS: skipped until BEL or ST. */
  Str,
  StrEsc,
  /** ESC ( and friends: one more byte names the charset. */
  Charset,
}

export class TextLines {
  private cells: string[] = [];
  private col = 0;
  private state = S.Ground;
  private params = '';
  private utf8 = 0;
  private utf8Need = 0;
  private offset: number;
  private lineStart: number;

  /** `offset`: the stream offset of the first byte that will be pushed. */
  constructor(offset = 0) {
    this.offset = offset;
    this.lineStart = offset;
  }

  /** Feeds bytes; calls `emit` for every line completed by them. */
  push(data: Uint8Array, emit: (line: TextLine) => void): void {
    for (let i = 0; i < data.length; i++, this.offset++) {
      const b = data[i];
      switch (this.state) {
        case S.Ground:
          this.ground(b, emit);
          break;
        case S.Esc:
          this.escape(b, emit);
          break;
        case S.Csi:
          if (b >= 0x40 && b <= 0x7e) {
            this.state = S.Ground;
            this.csi(b, emit);
          } else if (this.params.length < MAX_PARAM_CHARS) this.params += String.fromCharCode(b);
          break;
        case S.Str:
          if (b === 0x07) this.state = S.Ground;
          else if (b === 0x1b) this.state = S.StrEsc;
          break;
        case S.StrEsc:
          this.state = b === 0x5c ? S.Ground : S.Str;
          break;
        case S.Charset:
          this.state = S.Ground;
          break;
      }
    }
  }

  /** Emits the last line if it has any text. */
  end(emit: (line: TextLine) => void): void {
    if (this.cells.length > 0) this.emitLine(emit, this.offset);
  }

  private ground(b: number, emit: (line: TextLine) => void): void {
    if (this.utf8Need > 0) {
      if ((b & 0xc0) === 0x80) {
        this.utf8 = (this.utf8 << 6) | (b & 0x3f);
        if (--this.utf8Need === 0) this.put(String.fromCodePoint(this.utf8 > 0x10ffff ? 0xfffd : this.utf8), emit);
        return;
      }
      this.utf8Need = 0;
      this.put('\ufffd', emit);
    }
    if (b >= 0x20 && b < 0x7f) {
      this.put(String.fromCharCode(b), emit);
    } else if (b >= 0xc2 && b <= 0xf4) {
      this.utf8Need = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : 1;
      this.utf8 = b & (b >= 0xf0 ? 0x07 : b >= 0xe0 ? 0x0f : 0x1f);
    } else if (b === 0x0a) {
      this.emitLine(emit, this.offset + 1);
    } else if (b === 0x0d) {
      this.col = 0;
    } else if (b === 0x08) {
      this.col = Math.max(0, this.col - 1);
    } else if (b === 0x09) {
      this.moveTo(Math.min(MAX_LINE_CHARS - 1, (Math.floor(this.col / TAB_STOP) + 1) * TAB_STOP));
    } else if (b === 0x1b) {
      this.state = S.Esc;
    }
    // Other C0 controls, DEL and stray UTF-8 continuation bytes draw nothing.
  }

  private escape(b: number, emit: (line: TextLine) => void): void {
    this.state = S.Ground;
    if (b === 0x5b) {
      this.state = S.Csi;
      this.params = '';
    } else if (b === 0x5d || b === 0x50 || b === 0x5f || b === 0x5e || b === 0x58) {
      this.state = S.Str;
    } else if (b >= 0x28 && b <= 0x2b) {
      this.state = S.Charset;
    } else if (b === 0x45) {
      // NEL: next line.
      this.emitLine(emit, this.offset + 1);
    } else if (b === 0x1b) {
      this.state = S.Esc;
    }
  }

  private csi(final: number, emit: (line: TextLine) => void): void {
    const n = parseInt(this.params.replace(/^[?>=<]/, ''), 10);
    const count = Number.isFinite(n) && n > 0 ? Math.min(n, MAX_LINE_CHARS) : 1;
    switch (String.fromCharCode(final)) {
      case 'K': {
        const mode = Number.isFinite(n) ? n : 0;
        if (mode === 0) this.cells.length = Math.min(this.cells.length, this.col);
        else if (mode === 1) for (let i = 0; i <= this.col && i < this.cells.length; i++) this.cells[i] = ' ';
        else if (mode === 2) this.cells = [];
        break;
      }
      case 'G':
      case '`':
        this.moveTo(count - 1);
        break;
      case 'C':
        this.moveTo(this.col + count);
        break;
      case 'D':
        this.col = Math.max(0, this.col - count);
        break;
      case 'A':
      case 'B':
      case 'E':
      case 'F':
      case 'H':
      case 'f':
      case 'd':
        // The cursor leaves this line: whatever it holds is a line of its own.
        if (this.cells.length > 0) this.emitLine(emit, this.offset + 1);
        this.col = 0;
        break;
      default:
        // Colours, modes, scrolling: nothing that changes the text of this line.
        break;
    }
  }

  private moveTo(col: number): void {
    this.col = Math.max(0, Math.min(col, MAX_LINE_CHARS - 1));
  }

  private put(ch: string, emit: (line: TextLine) => void): void {
    if (this.col >= MAX_LINE_CHARS) this.emitLine(emit, this.offset);
    while (this.cells.length < this.col) this.cells.push(' ');
    this.cells[this.col++] = ch;
  }

  /** `nextStart`: where the line after this one begins. */
  private emitLine(emit: (line: TextLine) => void, nextStart: number): void {
    emit({ text: this.cells.join('').trimEnd(), offset: this.lineStart });
    this.cells = [];
    this.col = 0;
    this.lineStart = nextStart;
  }
}
