/**
 * Concurrency limits for a crawl: at most `global` requests in flight, at most `perHost` to one host, and
 * at least `minIntervalMs` between starts on a host when its robots.txt asks for a crawl delay. Written
 * here because it needs keyed limits plus per-host pacing, which the common promise limiters do not offer.
 */
export class HostLimiter {
  private active = 0;
  private readonly perHostActive = new Map<string, number>();
  private readonly lastStart = new Map<string, number>();
  private readonly intervals = new Map<string, number>();
  private readonly waiting: { host: string; wake: () => void }[] = [];

  constructor(
    private readonly global: number,
    private readonly perHost: number,
  ) {}

  setMinInterval(host: string, ms: number): void {
    this.intervals.set(host, ms);
  }

  /** Resolves with a release function once a slot for `host` is free. */
  async acquire(host: string): Promise<() => void> {
    while (!this.canStart(host)) await new Promise<void>((wake) => this.waiting.push({ host, wake }));
    this.active++;
    this.perHostActive.set(host, (this.perHostActive.get(host) ?? 0) + 1);
    const wait = (this.lastStart.get(host) ?? -Infinity) + (this.intervals.get(host) ?? 0) - Date.now();
    this.lastStart.set(host, Date.now() + Math.max(0, wait));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.perHostActive.set(host, this.perHostActive.get(host)! - 1);
      const ready = this.waiting.splice(0);
      for (const waiter of ready) waiter.wake();
    };
  }

  private canStart(host: string): boolean {
    return this.active < this.global && (this.perHostActive.get(host) ?? 0) < this.perHost;
  }
}
