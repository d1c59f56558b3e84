/** Where commands write: injectable so tests capture output without spawning a process. */
export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
  /**
   * A status line that replaces the previous one (current trial, step, ETA), present only on a terminal;
   * without it, long stages print plain progress lines now and then.
   */
  status?(line: string): void;
}

const terminal = process.stderr.isTTY === true;
let statusShown = false;

function clearStatus(): void {
  if (statusShown) process.stderr.write('\r\x1b[2K');
  statusShown = false;
}

export const processOutput: CliOutput = {
  out: (line) => {
    clearStatus();
    process.stdout.write(`${line}\n`);
  },
  err: (line) => {
    clearStatus();
    process.stderr.write(`${line}\n`);
  },
  ...(terminal
    ? {
        status: (line: string) => {
          const width = process.stderr.columns || 100;
          process.stderr.write(`\r\x1b[2K${line.length >= width ? `${line.slice(0, width - 2)}…` : line}`);
          statusShown = true;
        },
      }
    : {}),
};
