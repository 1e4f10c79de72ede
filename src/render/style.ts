// Colour for people, none for pipes. One place decides (Context.color); renderers ask for a palette.
import { Chalk, type ChalkInstance } from 'chalk';

export type Palette = ChalkInstance;

export function palette(color: boolean): Palette {
  return new Chalk({ level: color ? 1 : 0 });
}
