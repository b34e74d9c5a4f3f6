/**
 * A tiny declarative validator. Every message on the socket is described once
 * with these combinators; the TypeScript types of the messages are inferred from
 * the same description, so what we validate and what the code assumes cannot drift.
 *
 * A validator returns null when the value is acceptable, else a short message naming
 * the offending field. Validators never throw on hostile input.
 */

export interface Validator<T> {
  /** Returns null if `v` is a T, else what is wrong with it. */
  check(v: unknown, path: string): string | null;
  /** Phantom field carrying the inferred type; never set at run time. */
  readonly _type?: T;
}

export type Infer<V> = V extends Validator<infer T> ? T : never;

function make<T>(check: (v: unknown, path: string) => string | null): Validator<T> {
  return { check };
}

export function str(opts: { max?: number; min?: number } = {}): Validator<string> {
  const max = opts.max ?? 1 << 20;
  const min = opts.min ?? 0;
  return make((v, p) => {
    if (typeof v !== 'string') return `${p}: expected a string`;
    if (v.length > max) return `${p}: longer than ${max} characters`;
    if (v.length < min) return `${p}: shorter than ${min} characters`;
    return null;
  });
}

/** A string matching `re` (anchored by the caller): names and ids with a fixed shape. */
export function matching(re: RegExp, what: string): Validator<string> {
  return make((v, p) => (typeof v === 'string' && v.length <= 4096 && re.test(v) ? null : `${p}: expected ${what}`));
}

export function int(opts: { min?: number; max?: number } = {}): Validator<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return make((v, p) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return `${p}: expected an integer`;
    if (v < min || v > max) return `${p}: ${v} is outside ${min}..${max}`;
    return null;
  });
}

export function num(): Validator<number> {
  return make((v, p) => (typeof v === 'number' && Number.isFinite(v) ? null : `${p}: expected a number`));
}

export function bool(): Validator<boolean> {
  return make((v, p) => (typeof v === 'boolean' ? null : `${p}: expected true or false`));
}

export function lit<L extends string | number>(value: L): Validator<L> {
  return make((v, p) => (v === value ? null : `${p}: expected ${JSON.stringify(value)}`));
}

export function oneOf<L extends string>(...values: L[]): Validator<L> {
  return make((v, p) =>
    typeof v === 'string' && (values as string[]).includes(v) ? null : `${p}: expected one of ${values.join(', ')}`,
  );
}

export function bytes(opts: { max?: number } = {}): Validator<Uint8Array> {
  const max = opts.max ?? 1 << 24;
  return make((v, p) => {
    if (!(v instanceof Uint8Array)) return `${p}: expected binary data`;
    if (v.length > max) return `${p}: more than ${max} bytes`;
    return null;
  });
}

export function arrayOf<T>(item: Validator<T>, opts: { max?: number } = {}): Validator<T[]> {
  const max = opts.max ?? 65536;
  return make((v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list`;
    if (v.length > max) return `${p}: more than ${max} items`;
    for (let i = 0; i < v.length; i++) {
      const e = item.check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  });
}

/** A string-keyed map of string values (environment variables). */
export function stringMap(opts: { maxKeys?: number; maxValue?: number } = {}): Validator<Record<string, string>> {
  const maxKeys = opts.maxKeys ?? 4096;
  const maxValue = opts.maxValue ?? 1 << 16;
  return make((v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return `${p}: expected a map`;
    const keys = Object.keys(v);
    if (keys.length > maxKeys) return `${p}: more than ${maxKeys} entries`;
    for (const k of keys) {
      const val = (v as Record<string, unknown>)[k];
      if (typeof val !== 'string') return `${p}.${k}: expected a string`;
      if (val.length > maxValue) return `${p}.${k}: longer than ${maxValue} characters`;
    }
    return null;
  });
}

export function optional<T>(inner: Validator<T>): Validator<T | undefined> & { optional: true } {
  return {
    optional: true,
    check: (v, p) => (v === undefined || v === null ? null : inner.check(v, p)),
  };
}

type Shape = Record<string, Validator<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>;
export type ObjectOf<S extends Shape> = { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Infer<S[K]> };

export function obj<S extends Shape>(shape: S): Validator<ObjectOf<S>> {
  const entries = Object.entries(shape);
  return make((v, p) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return `${p}: expected a map`;
    for (const [k, val] of entries) {
      const own = Object.prototype.hasOwnProperty.call(v, k) ? (v as Record<string, unknown>)[k] : undefined;
      const e = val.check(own, p ? `${p}.${k}` : k);
      if (e) return e;
    }
    return null;
  });
}

/**
 * A union discriminated by the literal field `t`: picks the member by tag, so the
 * error names the real problem ("new.cols: ...") instead of "matches nothing".
 */
export function tagged<M extends Record<string, Validator<{ t: string }>>>(
  members: M,
): Validator<Infer<M[keyof M]>> & { tags: string[] } {
  return {
    tags: Object.keys(members),
    check: (v, p) => {
      if (typeof v !== 'object' || v === null) return `${p || 'message'}: expected a map`;
      const tag = (v as { t?: unknown }).t;
      if (typeof tag !== 'string' || !Object.prototype.hasOwnProperty.call(members, tag)) {
        return `unknown message type ${JSON.stringify(tag)}`;
      }
      return members[tag].check(v, tag);
    },
  };
}

/** A fixed-shape array whose items have their own validators (compact wire records). */
export function tuple<T extends unknown[]>(
  items: { [K in keyof T]: Validator<T[K]> },
  opts: { optionalFrom?: number } = {},
): Validator<T> {
  const min = opts.optionalFrom ?? items.length;
  return make((v, p) => {
    if (!Array.isArray(v)) return `${p}: expected a list`;
    if (v.length < min || v.length > items.length) return `${p}: expected ${min}..${items.length} items`;
    for (let i = 0; i < v.length; i++) {
      const e = (items[i] as Validator<unknown>).check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return null;
  });
}

/** Accepts anything; for values validated later by a more specific validator. */
export function any(): Validator<unknown> {
  return make(() => null);
}
