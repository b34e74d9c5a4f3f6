import { describe, expect, it } from 'vitest';
import { FrameDecoder, frameHeader } from '../../src/protocol/framing';
import { decodeBody, encodeFrame } from '../../src/protocol/codec';
import { clientMessageV } from '../../src/protocol/messages';

/** A deterministic PRNG so a failing chunking is reproducible. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const messages = [
  { t: 'hello', v: 1, role: 'cli' },
  { t: 'ls', id: 1 },
  { t: 'send', id: 2, target: 'a:0.1', literal: 'x'.repeat(70000) },
  { t: 'capture', id: 3, target: 'b', scrollback: -1 },
  { t: 'rename', id: 4, from: 'é中🚀', to: 'b' },
];

describe('framing', () => {
  it('decodes every frame whatever the chunking', () => {
    const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));
    for (let seed = 1; seed <= 200; seed++) {
      const rand = rng(seed);
      const dec = new FrameDecoder();
      const got: unknown[] = [];
      let i = 0;
      while (i < stream.length) {
        // Mostly tiny chunks (splitting headers), sometimes large ones (many frames at once).
        const n = rand() < 0.7 ? 1 + Math.floor(rand() * 7) : 1 + Math.floor(rand() * 100000);
        const r = dec.push(stream.subarray(i, i + n));
        expect(r.error).toBeUndefined();
        for (const f of r.frames) {
          const d = decodeBody(f, clientMessageV);
          expect(d.ok).toBe(true);
          if (d.ok) got.push(d.value);
        }
        i += n;
      }
      expect(got).toEqual(messages);
      expect(dec.pending).toBe(0);
    }
  });

  it('rejects a length beyond the limit before buffering it', () => {
    const dec = new FrameDecoder(1024);
    const r = dec.push(frameHeader(1025));
    expect(r.frames).toEqual([]);
    expect(r.error).toMatch(/exceeds the 1024-byte limit/);
    expect(dec.push(Buffer.from([1, 2, 3])).error).toBeDefined();
  });

  it('reports a truncated tail as pending bytes', () => {
    const dec = new FrameDecoder();
    const f = encodeFrame({ t: 'ls', id: 9 });
    expect(dec.push(f.subarray(0, f.length - 1)).frames).toEqual([]);
    expect(dec.pending).toBe(f.length - 1);
    expect(dec.push(f.subarray(f.length - 1)).frames.length).toBe(1);
  });

  it('accepts an empty body frame but reports it as undecodable', () => {
    const dec = new FrameDecoder();
    const r = dec.push(frameHeader(0));
    expect(r.frames.length).toBe(1);
    expect(decodeBody(r.frames[0], clientMessageV).ok).toBe(false);
  });
});

describe('decodeBody', () => {
  it('turns garbage into an error value, never an exception', () => {
    const rand = rng(7);
    for (let i = 0; i < 2000; i++) {
      const len = Math.floor(rand() * 64);
      const buf = Buffer.alloc(len);
      for (let j = 0; j < len; j++) buf[j] = Math.floor(rand() * 256);
      const d = decodeBody(buf, clientMessageV);
      if (d.ok) expect(clientMessageV.check(d.value, '')).toBeNull();
    }
  });

  it('names the field that is wrong', () => {
    const body = encodeFrame({ t: 'new', id: 1, name: 'x', cwd: '/', argv: [], env: {}, cols: 0, rows: 24 }).subarray(4);
    const d = decodeBody(body, clientMessageV);
    expect(d.ok).toBe(false);
    if (!d.ok) expect(d.error).toMatch(/new.cols: 0 is outside 2..1000/);
  });

  it('refuses unknown message types and prototype tricks', () => {
    for (const m of [{ t: 'nuke', id: 1 }, { t: '__proto__' }, { t: 'toString', id: 1 }, [1, 2], 'ls', 42, null]) {
      const d = decodeBody(encodeFrame(m).subarray(4), clientMessageV);
      expect(d.ok).toBe(false);
    }
  });
});
