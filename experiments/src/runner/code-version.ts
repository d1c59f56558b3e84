import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The code a trial ran: the git commit of the checkout, `+dirty` when tracked files differ from it; the
 * package version where there is no git. A new commit gives new trial identities (their results may differ).
 */
export async function codeVersion(root: string): Promise<string> {
  try {
    const { stdout: commit } = await run('git', ['rev-parse', 'HEAD'], { cwd: root });
    const { stdout: changes } = await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root });
    return `git:${commit.trim()}${changes.trim() ? '+dirty' : ''}`;
  } catch {
    const { version } = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return `hdr-lab@${version}`;
  }
}
