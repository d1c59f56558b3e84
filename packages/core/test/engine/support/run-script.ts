import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/**
 * Runs a TypeScript script from this folder in a fresh Node process: the engine fixes its backend
 * and thread count once per process, so comparisons across backends need processes of their own.
 */
export async function runScript(script: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ stdout: string; stderr: string }> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  return execFileAsync(process.execPath, ['--import', 'tsx', '--conditions=@hdr-lab/source', path, ...args], {
    env: { ...process.env, ...env },
    maxBuffer: 16 << 20,
  });
}
