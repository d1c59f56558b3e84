import { open } from 'node:fs/promises';

/** The first `count` bytes of a file (fewer if it is shorter): enough to sniff its content. */
export async function readHead(path: string, count: number): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(count);
    const { bytesRead } = await handle.read(buffer, 0, count, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
