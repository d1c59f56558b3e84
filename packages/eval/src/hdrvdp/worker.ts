import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HdrImage } from '@hdr-lab/core';
import { hasMex, type Checkout } from './checkout.js';
import { InterpreterProcess, type CallOutcome } from './interpreter.js';
import type { HdrVdpSettings } from './options.js';
import { rawFloat32, type PairPlan } from './pair.js';
import { newSentinel } from './protocol.js';
import { IFFT2_SHIM, serverScript } from './server-script.js';

/**
 * A running interpreter together with its private directory (server script, shims, the current pair's
 * images). The directory lives exactly as long as the process: it is removed when the worker is disposed
 * and when starting fails.
 */
export class Worker {
  private constructor(
    readonly dir: string,
    private readonly interpreter: InterpreterProcess,
    /** No compiled MEX for this interpreter: only Q (and Q_JOD) can be trusted. */
    readonly qOnly: boolean,
  ) {}

  static async start(settings: HdrVdpSettings, checkout: Checkout): Promise<Worker> {
    const dir = await mkdtemp(join(settings.tempDir, 'hdrvdp-'));
    try {
      const sentinel = newSentinel();
      const shimDir = join(dir, 'octave-shims');
      if (settings.interpreter === 'octave') {
        await mkdir(shimDir);
        await writeFile(join(shimDir, 'ifft2.m'), IFFT2_SHIM);
      }
      const scriptPath = join(dir, 'hdrvdp_bridge_server.m');
      const { interpreter, encoding, task, hdrvdpOptions } = settings;
      await writeFile(scriptPath, serverScript({ sentinel, interpreter, checkout, shimDir, encoding, task, hdrvdpOptions }));
      const { executable, timeoutMs } = settings;
      const started = await InterpreterProcess.launch({ interpreter, executable, scriptPath, workDir: dir, sentinel, timeoutMs });
      return new Worker(dir, started, !(await hasMex(checkout.dir, started.mexext).catch(() => false)));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get pid(): number | undefined {
    return this.interpreter.pid;
  }

  get alive(): boolean {
    return this.interpreter.alive;
  }

  get interpreterVersion(): string {
    return this.interpreter.interpreterVersion;
  }

  async compare(reference: HdrImage, test: HdrImage, plan: PairPlan, seq: number, label: string): Promise<CallOutcome> {
    const testPath = join(this.dir, `pair-${seq}-test.f32`);
    const referencePath = join(this.dir, `pair-${seq}-reference.f32`);
    try {
      await writeFile(testPath, rawFloat32(test));
      await writeFile(referencePath, rawFloat32(reference));
      return await this.interpreter.request({ seq, ...plan, testPath, referencePath }, label);
    } finally {
      await Promise.all([rm(testPath, { force: true }), rm(referencePath, { force: true })]);
    }
  }

  async dispose(): Promise<void> {
    await this.interpreter.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
