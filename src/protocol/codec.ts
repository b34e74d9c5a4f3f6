/**
 * msgpack bodies, each frame decodable on its own: no shared record structures and
 * no streaming state, so a client that connects mid-stream or a frame that is
 * dropped can never corrupt the frames after it.
 */
import './msgpackr-options';
import { Packr } from 'msgpackr';
import { frameHeader, MAX_FRAME_BYTES } from './framing';
import type { Validator } from './schema';

delete process.env.MSGPACKR_NATIVE_ACCELERATION_DISABLED;

const packr = new Packr({
  useRecords: false,
  structuredClone: false,
  mapsAsObjects: true,
  // Plain values only: no Dates, no ext types we would have to validate.
  moreTypes: false,
  // Integers beyond 2^53 are never valid in our protocol; decode them as numbers so
  // validators (which reject non-safe integers) see them rather than a BigInt.
  int64AsType: 'number',
});

/** Encodes one message as a complete frame (header + body). */
export function encodeFrame(message: unknown): Buffer {
  const body = packr.pack(message);
  if (body.length > MAX_FRAME_BYTES) {
    throw new Error(`message of ${body.length} bytes exceeds the frame limit`);
  }
  return Buffer.concat([frameHeader(body.length), body]);
}

/**
 * For the daemon's own scratch data, never bytes from a peer: a value kept as one
 * compact buffer instead of many small objects the garbage collector must trace.
 * Copied out, since msgpackr writes the next message into the same memory.
 */
export function packScratch(value: unknown): Buffer {
  return Buffer.from(packr.pack(value));
}

export function unpackScratch<T>(data: Buffer): T {
  return packr.unpack(data) as T;
}

export type Decoded<T> = { ok: true; value: T } | { ok: false; error: string };

/** Decodes and validates one frame body. Never throws: hostile bytes are an error value. */
export function decodeBody<T>(body: Buffer, validator: Validator<T>): Decoded<T> {
  let value: unknown;
  try {
    value = packr.unpack(body);
  } catch (e) {
    return { ok: false, error: `undecodable frame (${(e as Error).message.slice(0, 100)})` };
  }
  let problem: string | null;
  try {
    problem = validator.check(value, '');
  } catch (e) {
    problem = `invalid frame (${(e as Error).message.slice(0, 100)})`;
  }
  if (problem) return { ok: false, error: problem };
  return { ok: true, value: value as T };
}
