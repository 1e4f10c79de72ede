// Placeholder replaced by the interactive flow.
import type { Context } from '../context.js';
import type { LogFlags } from '../commands/log.js';

export async function askLog(ctx: Context, flags: LogFlags): Promise<{ client: string; flags: LogFlags } | null> {
  void ctx;
  void flags;
  return null;
}
