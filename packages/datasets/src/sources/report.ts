import { writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestRecord } from './manifest.js';
import type { SourceList } from './source-list.js';

const DEAD = /HTTP (404|410)\b|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|an HTML page, not a file/;

function cell(text: string | undefined): string {
  return (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * report.md beside the manifest: per entry what was verified against what the list expects, the dead
 * links (gone, unreachable, or an error page where a file should be), the links that moved for good
 * (301 / 308: update the list), and every other failure with its error.
 */
export async function writeCrawlReport(out: string, list: SourceList, records: readonly ManifestRecord[]): Promise<string> {
  const lines = [`# Crawl of ${list.name}`, '', '| entry | verified files | expected | failed | disallowed | note |', '| --- | --- | --- | --- | --- | --- |'];
  for (const entry of list.sources) {
    const own = records.filter((record) => record.source === entry.name && record.role !== 'page');
    const count = (status: string) => own.filter((record) => record.status === status).length;
    lines.push(`| ${entry.name} | ${count('verified')} | ${entry.expectedFiles ?? ''} | ${count('failed')} | ${count('disallowed')} | ${cell(entry.note)} |`);
  }
  const failed = records.filter((record) => record.status === 'failed');
  const dead = failed.filter((record) => DEAD.test(record.error ?? ''));
  const moved = records.filter((record) => record.moved);
  const other = failed.filter((record) => !dead.includes(record));
  lines.push('', `## Dead links (${dead.length})`, '', '| entry | URL | error |', '| --- | --- | --- |');
  for (const record of dead) lines.push(`| ${record.source} | ${record.url} | ${cell(record.error)} |`);
  lines.push('', `## Moved permanently (${moved.length})`, '', '| entry | URL | now at |', '| --- | --- | --- |');
  for (const record of moved) lines.push(`| ${record.source} | ${record.url} | ${record.finalUrl ?? ''} |`);
  lines.push('', `## Other failures (${other.length})`, '', '| entry | URL | error |', '| --- | --- | --- |');
  for (const record of other) lines.push(`| ${record.source} | ${record.url} | ${cell(record.error)} |`);
  const path = join(out, 'report.md');
  await writeFile(`${path}.tmp`, lines.join('\n') + '\n');
  await rename(`${path}.tmp`, path);
  return path;
}
