export { crawl, type CrawlSummary } from './crawl.js';
export type { CrawlEvent, CrawlOptions } from './crawl-options.js';
export { loadSourceList, parseSourceList, DEFAULT_INCLUDE, type SourceEntry, type SourceList } from './source-list.js';
export type { ManifestRecord, RecordStatus } from './manifest.js';
export { sniffContent, type ContentKind } from './sniff.js';
export { safeRelativePath, safeSegment } from './file-names.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';
