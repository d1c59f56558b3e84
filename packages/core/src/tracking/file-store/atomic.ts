import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Temporary files live in the run's or experiment's own folder (never in `params/`, `tags/` or `metrics/`,
 * where MLflow would read them as entries) so that a rename into place stays on one file system.
 */
async function writeTemp(tempDir: string, content: string): Promise<string> {
  const temp = join(tempDir, `.hdr-lab-tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

/** Replaces `target` with `content` so a reader (or a crash) sees the old or the new file, never half of one. */
export async function writeFileAtomic(target: string, content: string, tempDir: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const temp = await writeTemp(tempDir, content);
  try {
    await rename(temp, target);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}

/** Creates `target` with `content` only if it does not exist yet; returns false when it already existed. */
export async function createFileExclusive(target: string, content: string, tempDir: string): Promise<boolean> {
  await mkdir(dirname(target), { recursive: true });
  const temp = await writeTemp(tempDir, content);
  try {
    await link(temp, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
