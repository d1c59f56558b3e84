import { execFile } from 'node:child_process';
import { FramesError } from './errors.js';

export interface ToolOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

const CANNOT_START = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'ENOEXEC']);

const INSTALL_HINT = 'install ffmpeg 5.1 or newer built with libzimg (Debian/Ubuntu: apt-get install ffmpeg)';

/** The advice every "cannot run ffmpeg" message ends with. */
export function installHint(tool: string): string {
  return `${INSTALL_HINT}, or give the path of ${tool} (--${tool} PATH)`;
}

/**
 * Runs a tool to completion with an argument array (never a shell) and returns its exit code and output;
 * a tool that cannot be started is reported as missing, with what to install.
 */
export function runTool(path: string, args: readonly string[], tool: 'ffmpeg' | 'ffprobe'): Promise<ToolOutput> {
  return new Promise((resolve, reject) => {
    execFile(path, [...args], { maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code === 'string') {
        reject(
          CANNOT_START.has(error.code)
            ? new FramesError('tool-missing', `cannot run ${tool} at '${path}' (${error.code}): ${installHint(tool)}`)
            : new FramesError('ffmpeg-failed', `${tool} at '${path}' failed: ${error.message}`, stderr),
        );
        return;
      }
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}
