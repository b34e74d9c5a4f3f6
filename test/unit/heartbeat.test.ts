/**
 * The heartbeat's judgement, on a fake clock: silence is counted in the
 * receiver's own ticks, and a tick that comes far too late (the process was
 * asleep or stopped) is not held against the link.
 */
import { describe, expect, it } from 'vitest';
import { Heartbeat, HEARTBEAT_INTERVAL_MS, SILENT_TICKS_TO_DEAD, TickClock } from '../../src/protocol/heartbeat';

class FakeClock implements TickClock {
  t = 0;
  private fn: (() => void) | null = null;
  now(): number {
    return this.t;
  }
  every(_ms: number, fn: () => void): () => void {
    this.fn = fn;
    return () => (this.fn = null);
  }
  /** Time passes by `ms`, then the timer fires once (as Node's does after a pause). */
  tick(ms = HEARTBEAT_INTERVAL_MS): void {
    this.t += ms;
    this.fn?.();
  }
}

function setup() {
  const clock = new FakeClock();
  const events: string[] = [];
  const hb = new Heartbeat({ beat: () => events.push('beat'), dead: (ms) => events.push(`dead ${ms}`), clock });
  return { clock, events, hb };
}

describe('Heartbeat', () => {
  it('beats at once and on every tick', () => {
    const { clock, events } = setup();
    expect(events).toEqual(['beat']);
    clock.tick();
    clock.tick();
    expect(events).toEqual(['beat', 'beat', 'beat']);
  });

  it('declares the link dead after five silent ticks, once, and stops', () => {
    const { clock, events, hb } = setup();
    for (let i = 0; i < SILENT_TICKS_TO_DEAD + 3; i++) clock.tick();
    expect(events.filter((e) => e.startsWith('dead'))).toEqual([`dead ${SILENT_TICKS_TO_DEAD * HEARTBEAT_INTERVAL_MS}`]);
    expect(hb.running).toBe(false);
  });

  it('stays alive while anything arrives', () => {
    const { clock, events, hb } = setup();
    for (let i = 0; i < 50; i++) {
      clock.tick();
      if (i % (SILENT_TICKS_TO_DEAD - 1) === 0) hb.received();
    }
    expect(events.some((e) => e.startsWith('dead'))).toBe(false);
  });

  it('does not count its own sleep as silence: a two-hour gap is one late tick', () => {
    const { clock, events, hb } = setup();
    clock.tick();
    clock.tick();
    clock.tick(2 * 3600 * 1000);
    // Woken up: the late tick reset the count, so the link has its full allowance again.
    for (let i = 0; i < SILENT_TICKS_TO_DEAD - 1; i++) clock.tick();
    expect(events.some((e) => e.startsWith('dead'))).toBe(false);
    hb.received();
    for (let i = 0; i < SILENT_TICKS_TO_DEAD - 1; i++) clock.tick();
    expect(events.some((e) => e.startsWith('dead'))).toBe(false);
    clock.tick();
    expect(events.filter((e) => e.startsWith('dead'))).toHaveLength(1);
  });

  it('is quiet after stop', () => {
    const { clock, events, hb } = setup();
    hb.stop();
    for (let i = 0; i < 10; i++) clock.tick();
    expect(events).toEqual(['beat']);
  });
});
