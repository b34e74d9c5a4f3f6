/**
 * `new --agent NAME`: from the preset (built in or from the config file) to the
 * argv the pane runs, the conversation id chosen at launch, and the argv that
 * resumes it. Everything is checked before anything is created: an unknown
 * preset or a missing binary is an error naming what to install.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../agents/config';
import { buildLaunch, missingBinaryMessage, Preset } from '../agents/presets';
import { fail, ok, Result } from '../common/errors';
import { resolveProgram } from './command';
import type { AgentInfo } from './pane';

export interface AgentLaunch {
  argv: string[];
  agent: AgentInfo;
  patterns: { prompts: string[]; busy: string[] };
}

export function prepareAgent(
  config: Config,
  presetName: string,
  extra: string[],
  env: Record<string, string>,
  cwd: string,
): Result<AgentLaunch> {
  const preset: Preset | undefined = config.presets[presetName];
  if (!preset) {
    const known = Object.keys(config.presets).sort().join(', ');
    return fail('bad-args', `no agent preset '${presetName}' (presets: ${known}); add one under "agents" in the config file`);
  }
  const launch = buildLaunch(preset, extra, env, randomUUID);
  const found = resolveProgram(launch.argv[0], env, cwd);
  if (!found.ok) return fail('spawn-failed', missingBinaryMessage(preset, launch.argv[0]));
  const agent: AgentInfo = { preset: preset.name };
  if (launch.conversationId) agent.conversationId = launch.conversationId;
  if (launch.resumeArgv) agent.resumeArgv = launch.resumeArgv;
  return ok({ argv: launch.argv, agent, patterns: { prompts: preset.prompts, busy: preset.busy } });
}

/**
 * The state patterns of a preset by name, for panes whose agent is restored
 * rather than launched (resurrection: `pane.useAgent(info, agentPatterns(...))`).
 * An unknown preset (removed from the config since) gets none: state then comes
 * from output, bells and notifications alone.
 */
export function agentPatterns(config: Config, presetName: string): AgentLaunch['patterns'] {
  const p = config.presets[presetName];
  return { prompts: p?.prompts ?? [], busy: p?.busy ?? [] };
}
