/** How many failed sign-ins an account or an IP may have inside the window. */
export interface LoginLimits {
  perAccount: number;
  perIp: number;
  windowMs: number;
}

/**
 * Counts failed sign-in attempts per account and per IP in a sliding window, so password guessing
 * is slowed whichever way it is spread. In-process: with several processes the effective limit is
 * multiplied by their number (a documented bound; the shared metering store can replace it).
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limits: LoginLimits = { perAccount: 5, perIp: 20, windowMs: 15 * 60_000 }) {}

  /** Seconds until another attempt is allowed for this account or IP, or 0 when it may go ahead. */
  retryAfter(email: string, ip: string, now = Date.now()): number {
    const wait = (key: string, max: number) => {
      const times = this.recent(key, now);
      if (times.length < max) return 0;
      return Math.ceil((times[times.length - max]! + this.limits.windowMs - now) / 1000);
    };
    return Math.max(wait(`a:${email.toLowerCase()}`, this.limits.perAccount), wait(`i:${ip}`, this.limits.perIp));
  }

  fail(email: string, ip: string, now = Date.now()): void {
    for (const key of [`a:${email.toLowerCase()}`, `i:${ip}`]) {
      const times = this.recent(key, now);
      times.push(now);
      this.failures.set(key, times);
    }
  }

  /** A successful sign-in clears the account's failures (not the IP's). */
  succeed(email: string): void {
    this.failures.delete(`a:${email.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    const times = (this.failures.get(key) ?? []).filter((t) => t > now - this.limits.windowMs);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }
}
