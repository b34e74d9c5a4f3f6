/**
 * The live-state rules with a fake clock and a fake screen: every rule, its
 * evidence, and the timings that make transitions land within a second.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMING, HISTORY_LENGTH, LiveState } from '../../src/agents/live-state';

function setup(prompts: string[] = [], busy: string[] = []) {
  let now = 1_000_000;
  let screen: string[] = [''];
  let reads = 0;
  let top = 0;
  const text = (rows: string[]) => ({ count: rows.length, row: (i: number) => rows[i], top });
  const s = new LiveState(() => now);
  s.setPatterns(prompts, busy);
  return {
    s,
    advance(ms: number) {
      now += ms;
    },
    get now() {
      return now;
    },
    show(...rows: string[]) {
      screen = rows;
    },
    /** Scrolls: the rows shown now are `n` further down the buffer. */
    scroll(n: number) {
      top += n;
    },
    type(answers = true) {
      s.stimulus(() => text(screen), answers);
    },
    get reads() {
      return reads;
    },
    evaluate() {
      return s.evaluate(() => {
        reads++;
        return text(screen);
      });
    },
    /** Runs the checks the pane's timer would run, up to `ms` from now. */
    runFor(ms: number) {
      const end = now + ms;
      for (;;) {
        const at = s.nextCheckAt();
        if (at === undefined || at > end) break;
        now = at;
        s.evaluate(() => text(screen));
      }
      now = end;
    },
  };
}

const Q = DEFAULT_TIMING.quietMs;

describe('live state', () => {
  it('starts idle with no output, works while output flows, and goes idle after QUIET_MS of silence', () => {
    const t = setup();
    expect(t.evaluate()).toMatchObject({ state: 'idle', rule: 'start' });
    const start = t.now;
    for (let i = 0; i < 10; i++) {
      t.s.output(10);
      expect(t.evaluate()).toMatchObject({ state: 'working', rule: 'output', at: start, since: start });
      t.advance(100);
    }
    t.evaluate();
    expect(t.s.fresh().detail).toMatch(/100 bytes so far/); // refreshed when read
    const last = t.now - 100;
    t.show('$ make', 'done');
    t.runFor(2000);
    const v = t.s.verdict;
    expect(v).toMatchObject({ state: 'idle', rule: 'silence', at: last, since: last + Q, lines: ['$ make', 'done'] });
    // The transition happened at the first check after QUIET_MS: well within a second.
    expect(v.since - last).toBeLessThan(1000);
  });

  it('reads the screen only when a rule needs it, not on every batch of output', () => {
    const t = setup(['\\?$']);
    t.evaluate();
    for (let i = 0; i < 50; i++) {
      t.s.output(100);
      t.evaluate();
      t.advance(20);
    }
    expect(t.reads).toBeLessThanOrEqual(1); // the one evidence read at the transition to working
  });

  it('a bell or OSC 9/777 means needs-input until someone types', () => {
    for (const kind of ['bell', 'osc9', 'osc777'] as const) {
      const t = setup();
      t.s.output(5);
      t.evaluate();
      t.advance(50);
      t.show('Continue? [y/n]');
      t.s.notify(kind, kind === 'bell' ? '' : 'Claude needs your permission\x07');
      const v = t.evaluate();
      expect(v).toMatchObject({ state: 'needs-input', rule: kind, at: t.now, lines: ['Continue? [y/n]'] });
      if (kind !== 'bell') expect(v.detail).toContain('"Claude needs your permission "');
      t.runFor(10_000);
      expect(t.s.verdict.state).toBe('needs-input');
      t.s.stimulus();
      t.advance(10);
      t.s.output(1); // the echo of the answer
      expect(t.evaluate().state).toBe('needs-input'); // echo alone changes nothing
      t.advance(DEFAULT_TIMING.echoMs + 10);
      t.s.output(200); // the program's own reaction
      expect(t.evaluate()).toMatchObject({ state: 'working', rule: 'output' });
    }
  });

  it('an answer typed right after the question keeps needs-input until the program reacts, never idle in between', () => {
    const t = setup();
    t.s.output(50);
    t.s.notify('bell');
    t.evaluate();
    t.advance(200); // well inside QUIET_MS of the question's own output
    t.type();
    expect(t.evaluate().state).toBe('needs-input');
    t.advance(5);
    t.s.output(3); // echo
    t.evaluate();
    const seen = new Set<string>();
    for (let ms = 0; ms < 400; ms += 10) {
      t.advance(10);
      if (ms === 200) t.s.output(30); // the program starts working
      seen.add(t.evaluate().state);
    }
    expect([...seen]).toEqual(['needs-input', 'working']);
  });

  it('a resize, or keys that only move in a menu, leave a question waiting; a bell answering a keystroke is no request', () => {
    const t = setup(['Do you want to proceed\\?']);
    t.show('Do you want to proceed?', '❯ 1. Yes', '  2. No');
    t.s.output(100);
    t.runFor(2 * Q);
    expect(t.s.verdict).toMatchObject({ state: 'needs-input', rule: 'prompt' });
    // Attached from a taller terminal: the program redraws the same dialog.
    t.s.resized();
    t.advance(20);
    t.s.output(300);
    t.scroll(5);
    t.runFor(2 * Q);
    expect(t.s.verdict).toMatchObject({ state: 'needs-input', rule: 'prompt' });
    // Down moves the selection; the dialog still waits.
    t.type(false);
    t.show('Do you want to proceed?', '  1. Yes', '❯ 2. No');
    t.advance(20);
    t.s.output(40);
    t.runFor(2 * Q);
    expect(t.s.verdict).toMatchObject({ state: 'needs-input', rule: 'prompt' });
    // Enter answers it.
    t.type();
    t.runFor(2 * Q);
    expect(t.s.verdict.state).toBe('idle');
    // Tab at a shell, and the bell of a completion that failed: not a request for attention.
    t.type();
    t.advance(5);
    t.s.notify('bell');
    t.runFor(2 * Q);
    expect(t.s.verdict.state).toBe('idle');
    // A bell on its own still is one.
    t.s.notify('bell');
    expect(t.evaluate()).toMatchObject({ state: 'needs-input', rule: 'bell' });
  });

  it('forgets a notification once the program keeps printing for SUSTAIN_MS by itself', () => {
    const t = setup();
    t.s.output(5);
    t.s.notify('bell');
    expect(t.evaluate().state).toBe('needs-input');
    for (let ms = 0; ms <= DEFAULT_TIMING.sustainMs; ms += 100) {
      t.advance(100);
      t.s.output(50);
      t.evaluate();
    }
    expect(t.s.verdict).toMatchObject({ state: 'working', rule: 'output' });
  });

  it('matches prompt patterns on the still screen, with the lines as evidence', () => {
    const t = setup(['Do you want to proceed', '\\[y/n\\]']);
    t.s.output(100);
    t.evaluate();
    t.show('old line', 'Run `rm -rf build`?', 'Do you want to proceed?', '> 1. Yes', '  2. No', '');
    t.runFor(Q + 10);
    expect(t.s.verdict).toMatchObject({
      state: 'needs-input',
      rule: 'prompt',
      pattern: 'Do you want to proceed',
      lines: ['Do you want to proceed?'],
    });
    expect(t.s.verdict.since - t.s.history[t.s.history.length - 1].since).toBeLessThanOrEqual(Q + 10);
  });

  it('takes a question still on screen after someone typed as answered, but not a new one', () => {
    const t = setup(['\\[y/n\\]']);
    t.s.output(10);
    t.show('Proceed? [y/n] ');
    t.runFor(Q);
    expect(t.s.verdict).toMatchObject({ state: 'needs-input', rule: 'prompt', lines: ['Proceed? [y/n]'] });
    t.type();
    t.advance(5);
    t.s.output(1);
    t.show('Proceed? [y/n] y', '> ');
    t.advance(DEFAULT_TIMING.echoMs + 10);
    t.s.output(3);
    t.runFor(2000);
    expect(t.s.verdict).toMatchObject({ state: 'idle', rule: 'silence' });
    // The same question asked again further down is a new question.
    t.s.output(20);
    t.show('Proceed? [y/n] y', '> ', 'Proceed? [y/n] ');
    t.runFor(2000);
    expect(t.s.verdict).toMatchObject({ state: 'needs-input', rule: 'prompt', lines: ['Proceed? [y/n]'] }); // not the answered one
    // Scrolled up by a line, the answered one keeps its identity.
    t.type();
    t.s.output(1);
    t.scroll(1);
    t.show('> ', 'Proceed? [y/n] n');
    t.advance(DEFAULT_TIMING.echoMs + 10);
    t.s.output(1);
    t.runFor(2000);
    expect(t.s.verdict).toMatchObject({ state: 'idle', rule: 'silence' });
  });

  it('ignores prompt text that has scrolled above the bottom rows', () => {
    const t = setup(['Do you want to proceed']);
    t.s.output(100);
    t.show('Do you want to proceed?', ...Array.from({ length: 20 }, (_, i) => `line ${i}`));
    t.runFor(2000);
    expect(t.s.verdict).toMatchObject({ state: 'idle', rule: 'silence' });
  });

  it('stays working through a still moment while a busy caption shows', () => {
    const t = setup([], ['esc to interrupt']);
    t.s.output(100);
    t.show('✻ Thinking… (3s · esc to interrupt)');
    t.runFor(3000);
    expect(t.s.verdict).toMatchObject({ state: 'working', rule: 'busy', pattern: 'esc to interrupt' });
    t.show('> ');
    t.s.output(10);
    t.runFor(3000);
    expect(t.s.verdict).toMatchObject({ state: 'idle', rule: 'silence' });
  });

  it('does not count the echo of typed input as work', () => {
    const t = setup();
    t.runFor(1000);
    for (let i = 0; i < 20; i++) {
      t.s.stimulus();
      t.advance(5);
      t.s.output(1);
      expect(t.evaluate().state).toBe('idle');
      t.advance(120);
    }
  });

  it('exited wins over everything and keeps the exit status as evidence', () => {
    const t = setup(['\\?']);
    t.s.output(10);
    t.s.notify('bell');
    t.show('bye?');
    t.s.exited(3);
    expect(t.evaluate()).toMatchObject({ state: 'exited', rule: 'exited', detail: 'the program exited with code 3', lines: ['bye?'] });
    t.s.output(10);
    expect(t.evaluate().state).toBe('exited');
    expect(t.s.nextCheckAt()).toBeUndefined();
    const k = setup();
    k.s.exited(0, 9);
    expect(k.evaluate().detail).toBe('the program was killed by signal 9');
  });

  it('keeps a bounded history of earlier verdicts, oldest first', () => {
    const t = setup();
    for (let i = 0; i < 30; i++) {
      t.s.output(1);
      t.evaluate();
      t.runFor(1000);
    }
    expect(t.s.history.length).toBe(HISTORY_LENGTH);
    const times = t.s.history.map((v) => v.since);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('needs no timer when nothing can change without an event', () => {
    const t = setup();
    expect(t.s.nextCheckAt()).toBeUndefined();
    t.s.output(1);
    expect(t.s.nextCheckAt()).toBe(t.now + Q);
    t.runFor(Q);
    expect(t.s.nextCheckAt()).toBeUndefined();
  });
});
