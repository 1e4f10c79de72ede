// A yes/no question on the terminal. The prompt library is loaded only when a question is asked.
import type { Context } from '../context.js';
import { messageLine } from '../render/terminal.js';

/**
 * `message` may carry values from the book (a client's name): it is shown as one line, nothing in it raw. Asking
 * commits what the command did so far (no lock is held while the person thinks); a command that changes the book goes
 * on in a new change (Context.resumeWrite).
 */
export async function confirm(ctx: Context, message: string): Promise<boolean> {
  const { confirm: ask } = await import('@inquirer/prompts');
  const answer = await ask({ message: messageLine(message), default: false }, { input: ctx.streams.stdin, output: ctx.streams.stdout });
  ctx.resumeWrite();
  return answer;
}
