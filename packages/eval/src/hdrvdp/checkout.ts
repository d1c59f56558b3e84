import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { HDRVDP_VERSIONS, versionLabel, type HdrVdpVersion } from './encoding.js';
import { HdrVdpError } from './errors.js';
import type { HdrVdpSettings } from './options.js';

/** What the bridge needs to know about a user's HDR-VDP checkout, read without changing it. */
export interface Checkout {
  readonly dir: string;
  readonly version: HdrVdpVersion;
  readonly entry: 'hdrvdp.m' | 'hdrvdp3.m';
  /** From hdrvdp_version.m, else a "version X" line of the entry's header comment, else the release family. */
  readonly versionString: string;
  /** `<checkout>/matlabPyrTools_1.4_fixed` when present. */
  readonly pyrTools: string | undefined;
  /** "the checkout at <dir> (from HDRVDP_PATH)": how errors name it. */
  readonly description: string;
}

const ENTRY: Record<HdrVdpVersion, Checkout['entry']> = { '2.2': 'hdrvdp.m', '3': 'hdrvdp3.m' };
const WANTED = 'a directory holding hdrvdp.m (2.2.x) or hdrvdp3.m (3.x)';

export async function inspectCheckout(settings: HdrVdpSettings): Promise<Checkout> {
  if (settings.checkout === undefined) {
    throw new HdrVdpError('checkout-missing', `no HDR-VDP checkout given: set HDRVDP_PATH or the checkout option to ${WANTED}`);
  }
  const dir = resolve(settings.checkout.path);
  const description = `the checkout at ${dir} (from ${settings.checkout.from})`;
  if (/[\r\n\t]/.test(dir)) throw new HdrVdpError('checkout-missing', `${description}: the path must not contain tabs or line breaks`);
  if (!(await isDirectory(dir))) {
    throw new HdrVdpError('checkout-missing', `${description} is not a directory; set HDRVDP_PATH or the checkout option to ${WANTED}`);
  }
  const found: HdrVdpVersion[] = [];
  for (const version of HDRVDP_VERSIONS) if (await isFile(join(dir, ENTRY[version]))) found.push(version);
  const version = pickVersion(settings.version, found, description);
  const entry = ENTRY[version];
  const pyrToolsDir = join(dir, 'matlabPyrTools_1.4_fixed');
  return {
    dir,
    version,
    entry,
    versionString: (await versionString(dir, entry)) ?? version,
    pyrTools: (await isDirectory(pyrToolsDir)) ? pyrToolsDir : undefined,
    description,
  };
}

function pickVersion(requested: HdrVdpVersion | 'auto', found: readonly HdrVdpVersion[], description: string): HdrVdpVersion {
  if (found.length === 0) {
    throw new HdrVdpError('checkout-missing', `${description} holds neither hdrvdp.m nor hdrvdp3.m; set HDRVDP_PATH or the checkout option to ${WANTED}`);
  }
  if (requested === 'auto') {
    if (found.length > 1) {
      throw new HdrVdpError('wrong-version', `${description} holds both hdrvdp.m and hdrvdp3.m; set the version option to '2.2' or '3'`);
    }
    return found[0];
  }
  if (!found.includes(requested)) {
    const other = found[0];
    throw new HdrVdpError(
      'wrong-version',
      `version '${requested}' expects ${ENTRY[requested]} in ${description}, but it holds ${ENTRY[other]} (HDR-VDP ${versionLabel(other)})`,
    );
  }
  return requested;
}

async function versionString(dir: string, entry: string): Promise<string | undefined> {
  const versionFile = await readIfFile(join(dir, 'hdrvdp_version.m'));
  if (versionFile !== undefined) {
    const code = versionFile.split(/\r?\n/).filter((line) => !line.trim().startsWith('%'));
    for (const line of code) {
      const match = /=\s*(?:'([^']+)'|"([^"]+)"|(\d[\d.]*))/.exec(line);
      if (match) return match[1] ?? match[2] ?? match[3];
    }
  }
  const header = headerComment((await readIfFile(join(dir, entry))) ?? '');
  // "version number, for example HDR-VDP 2.2.0" in the real header must not be read as the version.
  const stated = /\bversion\s*[:=]?\s*v?(\d+(?:\.\d+)+[\w.-]*)/i.exec(header);
  return stated?.[1];
}

/** The comment block right after the function line: where MATLAB help text, and any stated version, lives. */
function headerComment(source: string): string {
  const lines = source.split(/\r?\n/);
  const start = lines.findIndex((line) => /^\s*function\b/.test(line)) + 1;
  const block: string[] = [];
  for (const line of lines.slice(start)) {
    if (!line.trim().startsWith('%')) break;
    block.push(line);
  }
  return block.join('\n');
}

/** True when the checkout ships compiled MEX files for this interpreter (its `mexext`). */
export async function hasMex(dir: string, mexext: string): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true });
  return entries.some((name) => name.endsWith(`.${mexext}`));
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function readIfFile(path: string): Promise<string | undefined> {
  return (await isFile(path)) ? readFile(path, 'utf8') : undefined;
}
