// A yes/no question on the terminal. The prompt library is loaded only when a question is asked.
import type { Context } from '../context.js';

export async function confirm(ctx: Context, message: string): Promise<boolean> {
  const { confirm: ask } = await import('@inquirer/prompts');
  return ask({ message, default: false }, { input: ctx.streams.stdin, output: ctx.streams.stdout });
}
