import { stat } from 'node:fs/promises';
import { sha256OfFile } from '../files/sha256.js';

/** How a source file is identified in the manifest: its SHA-256 (slow for large videos, exact) or size + mtime. */
export type IdentityKind = 'sha256' | 'stat';

export interface SourceIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly sha256?: string;
}

/** Identifies a source file; `path` is kept as given (callers pass absolute paths). */
export async function identifySource(path: string, kind: IdentityKind): Promise<SourceIdentity> {
  const info = await stat(path);
  const identity = { path, size: info.size, mtimeMs: Math.round(info.mtimeMs) };
  return kind === 'sha256' ? { ...identity, sha256: await sha256OfFile(path) } : identity;
}

/** The part of an identity that says whether the content changed: the hash when there is one, else size + mtime. */
export function contentKey(identity: SourceIdentity): string {
  return identity.sha256 ?? `${identity.size}:${identity.mtimeMs}`;
}
