/**
 * How many colours the user's terminal shows, from what it tells us: COLORTERM
 * (truecolor/24bit), TERM (…-direct, …256color). SPACES_COLORS overrides it for
 * terminals that can do more than they admit (common over SSH, where COLORTERM is
 * rarely forwarded).
 */
import type { ColorDepth } from '../render/palette';

export function detectColorDepth(env: NodeJS.ProcessEnv): ColorDepth {
  const forced = env.SPACES_COLORS;
  if (forced === 'truecolor' || forced === '256' || forced === '16') return forced;
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 'truecolor';
  const term = env.TERM ?? '';
  if (term.endsWith('-direct')) return 'truecolor';
  if (term.includes('256color')) return '256';
  return '16';
}
