import type { CliOutput } from './output.js';

/**
 * Ctrl-C handling for long commands: the first SIGINT aborts the returned signal (the work stops at a
 * safe point and writes its checkpoint) after printing `message`; a second one exits at once with 130.
 */
export function interruptOnCtrlC(output: CliOutput, message: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const stop = () => {
    output.err(message);
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  };
  process.once('SIGINT', stop);
  return { signal: controller.signal, dispose: () => process.removeListener('SIGINT', stop) };
}
