import { describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY_CONFIG as DEFAULT_CONFIG, MIN_SEGMENT_BYTES, parseHistoryConfig as parseConfig, parseSize } from '../../src/common/history-config';
import { parseDuration } from '../../src/common/duration';

describe('parseDuration', () => {
  it('reads what people type', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2d')).toBe(172_800_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(parseDuration('1.5')).toBe(1500);
  });
  it('explains what it cannot read', () => {
    for (const bad of ['', 'soon', '5x', '1h 30m', '-5m', 'm']) expect(parseDuration(bad)).toMatch(/not a duration/);
  });
});

describe('history settings', () => {
  it('defaults without a file', () => {
    expect(parseConfig(undefined, {})).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });
  it('reads history and resurrect settings, with sizes as numbers or text', () => {
    const { config, problems } = parseConfig(
      JSON.stringify({ history: { 'max-bytes-per-pane': '64M', 'segment-bytes': 1 << 20 }, resurrect: { auto: true } }),
      {},
    );
    expect(problems).toEqual([]);
    expect(config).toMatchObject({ log: true, maxBytesPerPane: 64 << 20, segmentBytes: 1 << 20, autoResurrect: true });
  });
  it('turns logging off from the environment (benchmarks)', () => {
    expect(parseConfig(undefined, { SPACES_HISTORY: 'off' }).config.log).toBe(false);
    expect(parseConfig('{"history":{"log":false}}', { SPACES_HISTORY: 'on' }).config.log).toBe(true);
  });
  it('falls back to defaults, with a reason, on anything wrong', () => {
    const broken = parseConfig('{"history": ', {});
    expect(broken.config).toEqual(DEFAULT_CONFIG);
    expect(broken.problems[0]).toMatch(/not valid JSON/);
    const bad = parseConfig('{"history":{"log":"yes","segment-bytes":"tiny"},"resurrect":3}', { SPACES_HISTORY: 'maybe' });
    expect(bad.config).toEqual(DEFAULT_CONFIG);
    expect(bad.problems).toHaveLength(4);
  });
  it('keeps segments within sane bounds', () => {
    const { config } = parseConfig(JSON.stringify({ history: { 'max-bytes-per-pane': '1G', 'segment-bytes': 4096 } }), {});
    expect(config.segmentBytes).toBe(1024 * 1024); // at most 1024 segments
    expect(parseConfig(JSON.stringify({ history: { 'max-bytes-per-pane': 8192, 'segment-bytes': '1M' } }), {}).config.segmentBytes).toBe(8192);
    expect(parseSize('512K')).toBe(512 * 1024);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('lots')).toBeNull();
    expect(MIN_SEGMENT_BYTES).toBeGreaterThan(0);
  });
});
