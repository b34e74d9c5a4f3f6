import { describe, expect, it } from 'vitest';
import { DEFAULT_BINDINGS, prefixByte } from '../../src/client/bindings';
import { InputRouter } from '../../src/client/input-router';
import { tokenize } from '../../src/client/key-tokens';
import { splitWords } from '../../src/client/prompt-commands';

describe('tokenize', () => {
  it('names keys, modified keys and mouse reports', () => {
    const { tokens, rest } = tokenize('a\x1b[A\x1b[1;5D\x1bOP\x1bx\x03\x1b[<0;12;5M\x1b[5~');
    expect(rest).toBe('');
    expect(tokens.map((t) => (t.kind === 'key' ? t.name : t.kind))).toEqual(['a', 'Up', 'C-Left', 'F1', 'M-x', 'C-c', 'mouse', 'PageUp']);
    const mouse = tokens[6];
    expect(mouse.kind === 'mouse' && mouse.event).toEqual({ button: 0, x: 11, y: 4, release: false });
  });

  it('reads ESC before an arrow as Meta, as terminals that prefix Meta with ESC send it', () => {
    const { tokens } = tokenize('\x1b\x1b[D\x1b\x1bOA\x1b\x1b');
    expect(tokens.map((t) => (t.kind === 'key' ? t.name : t.kind))).toEqual(['M-Left', 'M-Up', 'M-Escape']);
    expect(tokenize('\x1b\x1b[').rest).toBe('\x1b\x1b[');
  });

  it('keeps a sequence cut at the end of a read for the next one', () => {
    expect(tokenize('ab\x1b[<0;1').rest).toBe('\x1b[<0;1');
    expect(tokenize('\x1b[200~pasted text').rest).toBe('\x1b[200~pasted text');
  });

  it('keeps a bracketed paste whole', () => {
    const { tokens } = tokenize('\x1b[200~a\x02b\x1b[201~');
    expect(tokens).toEqual([{ kind: 'paste', bytes: '\x1b[200~a\x02b\x1b[201~' }]);
  });
});

describe('InputRouter', () => {
  const router = () => new InputRouter('\x02', DEFAULT_BINDINGS);

  it('passes plain typing through untouched', () => {
    expect(router().feed('ls -la\r')).toEqual([{ kind: 'send', data: 'ls -la\r' }]);
  });

  it('turns the prefix and the next key into an action', () => {
    const r = router();
    expect(r.feed('ab\x02')).toEqual([{ kind: 'send', data: 'ab' }]);
    expect(r.waitingForKey).toBe(true);
    expect(r.feed('%')).toEqual([{ kind: 'action', action: { do: 'split', dir: 'h' } }]);
    expect(r.feed('\x02\x1b[1;5A')).toEqual([{ kind: 'action', action: { do: 'resize', dir: 'v', delta: -1 } }]);
    expect(r.feed('\x02\x02')).toEqual([{ kind: 'action', action: { do: 'send-prefix' } }]);
    expect(r.feed('\x02Q')).toEqual([]); // unbound: ignored, like tmux
  });

  it('holds the keys after an action until the caller has run it', () => {
    const r = router();
    expect(r.feed('\x02:split\r')).toEqual([{ kind: 'action', action: { do: 'command-prompt' } }]);
    expect(r.hasPending).toBe(true);
    r.modal = true;
    const rest = r.feed('');
    expect(rest.map((x) => (x.kind === 'modal' && x.token.kind === 'key' ? x.token.name : x.kind))).toEqual(['s', 'p', 'l', 'i', 't', 'Enter']);
  });

  it('lets the prefix through scrollback mode, but not through a prompt', () => {
    const r = router();
    r.modal = true;
    r.prefixInModal = true; // scrollback mode
    expect(r.feed('k\x02d')).toEqual([
      { kind: 'modal', token: { kind: 'key', name: 'k', bytes: 'k' } },
      { kind: 'action', action: { do: 'detach' } },
    ]);
    r.prefixInModal = false; // a prompt: C-b is text like any other key
    expect(r.feed('\x02d').map((x) => x.kind)).toEqual(['modal', 'modal']);
  });

  it('repeats the arrow and resize bindings without the prefix for 500 ms, as tmux -r does', () => {
    let now = 1000;
    const r = new InputRouter('\x02', DEFAULT_BINDINGS, () => now);
    const left = { kind: 'action', action: { do: 'resize', dir: 'h', delta: -1 } };
    const drain = (first: ReturnType<InputRouter['feed']>) => {
      const all = [...first];
      while (r.hasPending) all.push(...r.feed(''));
      return all;
    };
    expect(drain(r.feed('\x02\x1b[1;5D\x1b[1;5D'))).toEqual([left, left]);
    now += 400;
    expect(r.feed('\x1b[1;5D')).toEqual([left]); // each repeat restarts the 500 ms
    now += 499;
    expect(r.feed('\x1b[D')).toEqual([{ kind: 'action', action: { do: 'focus', to: 'left' } }]);
    expect(r.feed('x')).toEqual([{ kind: 'send', data: 'x' }]); // another key ends it, and is typed
    expect(r.feed('\x1b[1;5D')).toEqual([{ kind: 'send', data: '\x1b[1;5D' }]);
    drain(r.feed('\x02\x1b[1;5D'));
    now += 501;
    expect(r.feed('\x1b[1;5D')).toEqual([{ kind: 'send', data: '\x1b[1;5D' }]); // too late: typed
    drain(r.feed('\x02o'));
    expect(r.feed('o')).toEqual([{ kind: 'send', data: 'o' }]); // o does not repeat
  });

  it('never takes the prefix out of a paste', () => {
    expect(router().feed('\x1b[200~a\x02d\x1b[201~')).toEqual([{ kind: 'send', data: '\x1b[200~a\x02d\x1b[201~' }]);
  });

  it('routes mouse reports separately from text', () => {
    const out = router().feed('x\x1b[<64;3;4My');
    expect(out.map((o) => o.kind)).toEqual(['send', 'mouse', 'send']);
  });
});

describe('bindings and the prompt', () => {
  it('parses prefix names', () => {
    expect(prefixByte('C-b')).toBe(2);
    expect(prefixByte('C-a')).toBe(1);
    expect(prefixByte('C-Space')).toBeNull();
    expect(prefixByte('b')).toBeNull();
  });

  it('splits command lines like a shell', () => {
    expect(splitWords(`split -h -- sh -c 'echo "a b"'`)).toEqual(['split', '-h', '--', 'sh', '-c', 'echo "a b"']);
    expect(splitWords('rename-window my\\ logs')).toEqual(['rename-window', 'my logs']);
    expect(splitWords("oops 'unclosed")).toBe("unterminated ' quote");
  });
});
