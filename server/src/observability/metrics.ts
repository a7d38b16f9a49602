import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayCall } from '../gateway/gateway-call.ts';

/** Prometheus metrics of one process, served at GET /metrics. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({
    name: 'gatehouse_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  readonly gatewayRequests = new Counter({
    name: 'gatehouse_gateway_requests_total',
    help: 'Gateway requests by endpoint, provider kind and status',
    labelNames: ['endpoint', 'provider', 'status'] as const,
    registers: [this.registry],
  });
  readonly gatewayErrors = new Counter({
    name: 'gatehouse_gateway_errors_total',
    help: 'Gateway requests that failed, by error code',
    labelNames: ['endpoint', 'code'] as const,
    registers: [this.registry],
  });
  readonly gatewayLatency = new Histogram({
    name: 'gatehouse_gateway_request_duration_seconds',
    help: 'Whole gateway request duration (last byte), by endpoint',
    labelNames: ['endpoint', 'stream'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
    registers: [this.registry],
  });
  readonly timeToFirstToken = new Histogram({
    name: 'gatehouse_gateway_time_to_first_token_seconds',
    help: 'Time from request to the first streamed bytes sent to the client',
    labelNames: ['endpoint'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly upstreamLatency = new Histogram({
    name: 'gatehouse_upstream_response_seconds',
    help: 'Time until the provider answered with headers, by provider kind',
    labelNames: ['provider'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly tokens = new Counter({
    name: 'gatehouse_tokens_total',
    help: 'Tokens through the gateway, by direction (input, output)',
    labelNames: ['direction', 'provider'] as const,
    registers: [this.registry],
  });

  constructor(options: { defaults?: boolean } = {}) {
    if (options.defaults !== false) collectDefaultMetrics({ register: this.registry, prefix: 'gatehouse_' });
  }

  /** Label-bound children by label values: prom-client hashes labels on every call otherwise. */
  private readonly children = new Map<string, { inc(n?: number): void; observe?(v: number): void }>();

  private child<T extends { inc(n?: number): void } | { observe(v: number): void }>(key: string, make: () => T): T {
    let c = this.children.get(key) as T | undefined;
    if (!c) {
      c = make();
      this.children.set(key, c as unknown as { inc(n?: number): void });
    }
    return c;
  }

  /** Counts one HTTP response. */
  countHttp(route: string, status: number): void {
    this.child(`h|${route}|${status}`, () => this.httpRequests.labels(route, String(status))).inc();
  }

  /** Records one finished gateway call. */
  observeCall(call: GatewayCall, status: number, errorCode: string | null): void {
    const provider = call.model?.provider.kind ?? 'none';
    const endpoint = call.endpoint;
    this.child(`g|${endpoint}|${provider}|${status}`, () =>
      this.gatewayRequests.labels(endpoint, provider, String(status)),
    ).inc();
    if (errorCode) this.child(`e|${endpoint}|${errorCode}`, () => this.gatewayErrors.labels(endpoint, errorCode)).inc();
    this.child(`l|${endpoint}|${call.stream}`, () => this.gatewayLatency.labels(endpoint, String(call.stream))).observe(
      call.elapsedMs() / 1000,
    );
    if (call.ttftMs !== null)
      this.child(`t|${endpoint}`, () => this.timeToFirstToken.labels(endpoint)).observe(call.ttftMs / 1000);
    if (call.tokensIn) this.child(`ti|${provider}`, () => this.tokens.labels('input', provider)).inc(call.tokensIn);
    if (call.tokensOut) this.child(`to|${provider}`, () => this.tokens.labels('output', provider)).inc(call.tokensOut);
  }

  /** Records how long a provider took to answer with headers. */
  observeUpstream(provider: string, seconds: number): void {
    this.child(`u|${provider}`, () => this.upstreamLatency.labels(provider)).observe(seconds);
  }
}
