import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { HdrVdpError } from './errors.js';
import { matlabString } from './server-script.js';
import { parseServerLine, QUIT_LINE, requestLine, type PairRequest, type RawOutputs, type ServerMessage } from './protocol.js';

export interface LaunchConfig {
  readonly interpreter: 'octave' | 'matlab';
  readonly executable: string;
  readonly scriptPath: string;
  readonly workDir: string;
  readonly sentinel: string;
  readonly timeoutMs: number;
}

export interface CallOutcome {
  readonly outputs: RawOutputs;
  /** What HDR-VDP printed during the call (warnings included). */
  readonly log: readonly string[];
}

interface Reply {
  readonly message: ServerMessage;
  readonly log: readonly string[];
}

interface Waiter {
  /** The pair's sequence number; undefined while waiting for start-up. */
  readonly seq: number | undefined;
  readonly during: string;
  readonly log: string[];
  readonly resolve: (message: ServerMessage) => void;
  readonly reject: (error: Error) => void;
}

const STDERR_LINES_KEPT = 20;
const STDERR_LINES_SHOWN = 10;
const QUIT_GRACE_MS = 5000;

const NAMES = { octave: 'Octave', matlab: 'MATLAB' } as const;
const INSTALL_HINT = {
  octave: 'install it (apt-get install octave octave-image) or set the executable option to the path of octave-cli',
  matlab: 'install MATLAB or set the executable option to the path of the matlab launcher',
} as const;

function launchArguments(interpreter: LaunchConfig['interpreter'], scriptPath: string): string[] {
  if (interpreter === 'octave') return ['--no-gui', '--quiet', '--norc', scriptPath];
  const run = `run(${matlabString(scriptPath)})`;
  return ['-nodisplay', '-nosplash', '-nodesktop', '-r', `try, ${run}; catch bridge_err, disp(getReport(bridge_err)); exit(1); end, exit(0);`];
}

/** Spawning fails synchronously or through an 'error' event depending on the cause; both end up here. */
function spawnError({ interpreter, executable }: LaunchConfig, error: NodeJS.ErrnoException): HdrVdpError {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EACCES') {
    const problem = error.code === 'EACCES' ? 'is not executable' : 'was not found';
    return new HdrVdpError('interpreter-missing', `cannot run ${NAMES[interpreter]}: '${executable}' ${problem}; ${INSTALL_HINT[interpreter]}`);
  }
  return new HdrVdpError('crashed', `cannot run ${NAMES[interpreter]} ('${executable}'): ${error.message}`);
}

/**
 * One interpreter process running the server script. It is the leader of its own process group, so a
 * timeout can stop whatever the interpreter started too. At most one call is outstanding at a time.
 */
export class InterpreterProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly stderrTail: string[] = [];
  private readonly closed: Promise<void>;
  private waiter: Waiter | undefined;
  private exited = false;
  private handshake = { interpreterVersion: '', mexext: '' };

  private constructor(private readonly config: LaunchConfig) {
    try {
      this.child = spawn(config.executable, launchArguments(config.interpreter, config.scriptPath), {
        cwd: config.workDir,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      throw spawnError(config, error as NodeJS.ErrnoException);
    }
    this.child.stdin.on('error', () => undefined);
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onStdout(line));
    createInterface({ input: this.child.stderr }).on('line', (line) => {
      this.stderrTail.push(line);
      if (this.stderrTail.length > STDERR_LINES_KEPT) this.stderrTail.shift();
    });
    this.closed = new Promise((resolve) => {
      this.child.on('error', (error: NodeJS.ErrnoException) => {
        this.exited = true;
        this.fail(spawnError(this.config, error));
        resolve();
      });
      this.child.on('close', (code, signal) => {
        this.exited = true;
        this.fail(this.crashError(code, signal));
        resolve();
      });
    });
  }

  /** Starts the interpreter and waits until the server has loaded its packages and path. */
  static async launch(config: LaunchConfig): Promise<InterpreterProcess> {
    const started = new InterpreterProcess(config);
    try {
      const { message } = await started.wait(undefined, 'start-up');
      if (message.kind === 'fatal') {
        throw new HdrVdpError(
          'octave-image-missing',
          `Octave could not load the image package (pkg load image: ${message.message}); install it: apt-get install octave-image`,
        );
      }
      if (message.kind !== 'ready') throw new HdrVdpError('crashed', `unexpected '${message.kind}' reply during start-up`);
      started.handshake = { interpreterVersion: message.interpreterVersion, mexext: message.mexext };
      return started;
    } catch (error) {
      await started.stop();
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** OCTAVE_VERSION, or MATLAB's version string. */
  get interpreterVersion(): string {
    return this.handshake.interpreterVersion;
  }

  /** The extension of compiled MEX files this interpreter loads ('mex' for Octave, 'mexa64' for MATLAB on Linux). */
  get mexext(): string {
    return this.handshake.mexext;
  }

  /** Runs one pair; rejects with `hdrvdp-failed` when HDR-VDP raised an error (the process stays usable). */
  async request(request: PairRequest, label: string): Promise<CallOutcome> {
    if (this.exited) throw new HdrVdpError('crashed', `${NAMES[this.config.interpreter]} is no longer running`);
    const reply = this.wait(request.seq, `pair '${label}'`);
    this.child.stdin.write(requestLine(request));
    const { message, log } = await reply;
    if (message.kind === 'error') throw new HdrVdpError('hdrvdp-failed', `HDR-VDP failed on pair '${label}': ${message.message}`);
    if (message.kind !== 'result') throw new HdrVdpError('crashed', `unexpected '${message.kind}' reply to pair '${label}'`);
    return { outputs: message, log };
  }

  /** Asks the server to quit, and stops the process group if it does not within a grace period. */
  async stop(): Promise<void> {
    if (this.exited) return;
    this.child.stdin.end(QUIT_LINE);
    const grace = setTimeout(() => this.killGroup(), QUIT_GRACE_MS);
    await this.closed;
    clearTimeout(grace);
  }

  private wait(seq: number | undefined, during: string): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const seconds = this.config.timeoutMs / 1000;
      const timer = setTimeout(() => {
        this.waiter = undefined;
        this.killGroup();
        const what = seq === undefined ? `${NAMES[this.config.interpreter]} did not start` : `HDR-VDP did not finish ${during}`;
        reject(new HdrVdpError('timeout', `${what} within the ${seconds} s timeout; the interpreter was stopped`));
      }, this.config.timeoutMs);
      const log: string[] = [];
      this.waiter = {
        seq,
        during,
        log,
        resolve: (message) => {
          clearTimeout(timer);
          resolve({ message, log });
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
    });
  }

  private onStdout(line: string): void {
    const message = parseServerLine(line, this.config.sentinel);
    const waiter = this.waiter;
    if (message === undefined || waiter === undefined) return;
    const forStartUp = message.kind === 'ready' || message.kind === 'fatal';
    if (forStartUp !== (waiter.seq === undefined) || (!forStartUp && message.seq !== waiter.seq)) return;
    if (message.kind === 'log') {
      waiter.log.push(message.text);
      return;
    }
    this.waiter = undefined;
    waiter.resolve(message);
  }

  private fail(error: HdrVdpError): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.reject(error);
  }

  private crashError(code: number | null, signal: NodeJS.Signals | null): HdrVdpError {
    const how = code === null ? `was killed by ${signal}` : `exited with code ${code}`;
    const during = this.waiter?.during ?? 'start-up';
    const stderr = this.stderrTail.slice(-STDERR_LINES_SHOWN);
    const tail = stderr.length === 0 ? 'no stderr output' : `last stderr lines:\n${stderr.join('\n')}`;
    return new HdrVdpError('crashed', `${NAMES[this.config.interpreter]} ${how} during ${during}; ${tail}`);
  }

  private killGroup(): void {
    const pid = this.child.pid;
    if (pid === undefined || this.exited) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      this.child.kill('SIGKILL');
    }
  }
}
