import type { HdrImage } from '@hdr-lab/core';
import { inspectCheckout, type Checkout } from './checkout.js';
import { HdrVdpError } from './errors.js';
import { checkForVersion, resolveHdrVdpOptions, type HdrVdpOptions, type HdrVdpSettings } from './options.js';
import { planPair } from './pair.js';
import { hdrvdpResult, hdrvdpSignature, type HdrVdpResult } from './result.js';
import { Worker } from './worker.js';

/**
 * One interpreter serving a whole batch of pairs: start-up and `pkg load image` are paid once. Calls are
 * queued and run one at a time. A crash or timeout rejects that pair only; the next pair starts a fresh
 * interpreter.
 */
export class HdrVdpSession {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private pairs = 0;

  private constructor(
    readonly settings: HdrVdpSettings,
    readonly checkout: Checkout,
  ) {}

  /** Checks the options and the checkout, then starts the interpreter, so setup problems surface here. */
  static async start(options: HdrVdpOptions = {}): Promise<HdrVdpSession> {
    const settings = resolveHdrVdpOptions(options);
    const checkout = await inspectCheckout(settings);
    checkForVersion(settings, checkout.version, checkout.description);
    const session = new HdrVdpSession(settings, checkout);
    session.worker = await Worker.start(settings, checkout);
    return session;
  }

  /** The interpreter's process id, while one runs. */
  get pid(): number | undefined {
    return this.worker?.pid;
  }

  /** The running interpreter's private directory, removed with it. */
  get workDir(): string | undefined {
    return this.worker?.dir;
  }

  /** Scores `test` against `reference`; `label` names the pair in errors (default: 'pair <n>'). */
  compare(reference: HdrImage, test: HdrImage, label?: string): Promise<HdrVdpResult> {
    if (this.closed) return Promise.reject(new HdrVdpError('closed', 'the HDR-VDP session is closed'));
    const seq = ++this.pairs;
    const run = this.queue.then(() => this.run(reference, test, seq, label ?? `pair ${seq}`));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Waits for queued pairs, then stops the interpreter and removes its directory. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue;
    await this.dropWorker();
  }

  private async run(reference: HdrImage, test: HdrImage, seq: number, label: string): Promise<HdrVdpResult> {
    const plan = planPair(reference, test, this.settings, label);
    if (this.worker !== undefined && !this.worker.alive) await this.dropWorker();
    this.worker ??= await Worker.start(this.settings, this.checkout);
    const worker = this.worker;
    try {
      const outcome = await worker.compare(reference, test, plan, seq, label);
      const facts = { interpreterVersion: worker.interpreterVersion, qOnly: worker.qOnly, ppd: plan.ppd };
      return hdrvdpResult(hdrvdpSignature(this.settings, this.checkout, facts), this.checkout, worker.qOnly, outcome);
    } catch (error) {
      if (!worker.alive || (error instanceof HdrVdpError && error.code === 'timeout')) await this.dropWorker();
      throw error;
    }
  }

  private async dropWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.dispose();
  }
}
