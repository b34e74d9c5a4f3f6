/**
 * Framing: every frame is a big-endian u32 body length followed by the body.
 * The decoder accepts bytes in arbitrary chunks (one byte at a time, or many frames
 * in one read) and never buffers more than one maximum-size frame.
 */

/**
 * Large enough for a full-history capture of a big pane (hundreds of thousands of
 * styled rows); small enough that a hostile length prefix cannot make us allocate
 * gigabytes.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export const HEADER_BYTES = 4;

export function frameHeader(length: number): Buffer {
  const h = Buffer.allocUnsafe(HEADER_BYTES);
  h.writeUInt32BE(length, 0);
  return h;
}

export type FrameResult = { frames: Buffer[]; error?: string };

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private failed = false;

  constructor(private readonly maxFrame = MAX_FRAME_BYTES) {}

  /** Feeds bytes; returns every frame body completed by them, or an error once the stream is unusable. */
  push(chunk: Buffer): FrameResult {
    if (this.failed) return { frames: [], error: 'stream already failed' };
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const frames: Buffer[] = [];
    while (this.buffered >= HEADER_BYTES) {
      const length = this.peekLength();
      if (length > this.maxFrame) {
        this.failed = true;
        this.chunks = [];
        this.buffered = 0;
        return { frames, error: `frame of ${length} bytes exceeds the ${this.maxFrame}-byte limit` };
      }
      if (this.buffered < HEADER_BYTES + length) break;
      this.consume(HEADER_BYTES);
      frames.push(this.consume(length));
    }
    return { frames };
  }

  /** Bytes received that do not yet form a whole frame (a truncated tail at EOF). */
  get pending(): number {
    return this.buffered;
  }

  private peekLength(): number {
    const first = this.chunks[0];
    if (first.length >= HEADER_BYTES) return first.readUInt32BE(0);
    return this.consumeCopy(HEADER_BYTES, false).readUInt32BE(0);
  }

  private consume(n: number): Buffer {
    return this.consumeCopy(n, true);
  }

  private consumeCopy(n: number, remove: boolean): Buffer {
    if (n === 0) return Buffer.alloc(0);
    const first = this.chunks[0];
    if (first.length >= n) {
      const out = first.subarray(0, n);
      if (remove) {
        if (first.length === n) this.chunks.shift();
        else this.chunks[0] = first.subarray(n);
        this.buffered -= n;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let copied = 0;
    let i = 0;
    while (copied < n) {
      const c = this.chunks[i];
      const take = Math.min(c.length, n - copied);
      c.copy(out, copied, 0, take);
      copied += take;
      if (remove && take === c.length) {
        i++;
      } else if (remove) {
        this.chunks[i] = c.subarray(take);
      } else {
        i++;
      }
    }
    if (remove) {
      this.chunks.splice(0, i);
      this.buffered -= n;
    }
    return out;
  }
}
