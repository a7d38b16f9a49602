// The privacy step of the gateway hot path: scan every outgoing text with the detectors and the
// org's custom patterns, then pseudonymize, mask or block per policy. Fail closed: any error while
// scanning, or a scan running past its time budget, throws PrivacyUnavailableError and the request
// fails; unscanned text is never returned.
//
// Time bound: detection is synchronous CPU work and cannot be interrupted, so the shield checks the
// clock after each detector call and each custom-pattern scan (one per text). A request therefore
// fails no later than `timeoutMs` plus the duration of the single slowest scan of one text.
import type { ChatRequest, EmbeddingsRequest } from '../../gateway/canonical.ts';
import { findCustomMatches } from './custom-patterns.ts';
import {
  PII_TYPES,
  type DetectPii,
  type EntityCounts,
  type EntitySpan,
  type EntityType,
  type PiiType,
  type PrivacyMode,
} from './entity-types.ts';
import { AllowList } from './identity.ts';
import { modeFor, type PrivacyPolicy } from './policy.ts';
import { pseudonymizeChatRequest, pseudonymizeText, type PseudonymizeRules } from './pseudonymizer.ts';
import { PseudonymVault } from './pseudonym-vault.ts';

/** The shield could not scan; the caller must fail the request (never forward unscanned text). */
export class PrivacyUnavailableError extends Error {
  override readonly name = 'PrivacyUnavailableError';
  /** The error code the HTTP edge answers with. */
  readonly code = 'privacy_unavailable' as const;
}

/** A protected chat request with its vault and per-type counts, or the types that blocked it. */
export type ProtectResult =
  | { ok: true; request: ChatRequest; vault: PseudonymVault; counts: EntityCounts }
  | { ok: false; blockedTypes: EntityType[] };

/** Masked embeddings input with per-type counts, or the types that blocked it. */
export type ProtectEmbeddingsResult =
  { ok: true; input: EmbeddingsRequest['input']; counts: EntityCounts } | { ok: false; blockedTypes: EntityType[] };

/** Options of the shield. */
export interface PrivacyShieldOptions {
  /** Scan budget per request in ms (default 1000); see the time bound above. */
  timeoutMs?: number;
  /** Monotonic clock in ms, injectable for tests (default performance.now). */
  clock?: () => number;
}

interface CompiledPolicy {
  rules: PseudonymizeRules;
  detectorTypes: ReadonlySet<PiiType>;
  customs: ReadonlyArray<{ type: EntityType; pattern: string; flags: string }>;
  minScore: number;
}

function compilePolicy(policy: PrivacyPolicy): CompiledPolicy {
  const rules: PseudonymizeRules = {
    modeFor: (type) => modeFor(policy, type),
    allowList: new AllowList(policy.allowList, policy.region),
    region: policy.region,
  };
  return {
    rules,
    detectorTypes: new Set(PII_TYPES.filter((type) => rules.modeFor(type) !== 'off')),
    customs: policy.customPatterns
      .map((p) => ({ type: `CUSTOM:${p.name}` as const, pattern: p.pattern, flags: p.flags }))
      .filter((p) => rules.modeFor(p.type) !== 'off'),
    minScore: policy.minScore,
  };
}

/** Runs the detectors and custom patterns per policy over outgoing text. */
export class PrivacyShield {
  readonly #detect: DetectPii;
  readonly #timeoutMs: number;
  readonly #clock: () => number;
  readonly #compiled = new WeakMap<PrivacyPolicy, CompiledPolicy>();

  constructor(detect: DetectPii, options: PrivacyShieldOptions = {}) {
    this.#detect = detect;
    this.#timeoutMs = options.timeoutMs ?? 1_000;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** Pseudonymizes (or masks, or blocks) every outgoing text of a chat request per `policy`. */
  protectChat(
    request: ChatRequest,
    policy: PrivacyPolicy,
    vault: PseudonymVault = new PseudonymVault(),
  ): ProtectResult {
    const compiled = this.#compile(policy);
    if (compiled.detectorTypes.size === 0 && compiled.customs.length === 0) {
      return { ok: true, request, vault, counts: {} };
    }
    const result = this.#failClosed(() =>
      pseudonymizeChatRequest(request, this.#spanFinder(compiled), compiled.rules, vault),
    );
    return result.ok ? { ok: true, request: result.value, vault, counts: result.counts } : result;
  }

  /** Masks embeddings input (placeholders could not be restored in a vector); token-id input fails closed. */
  protectEmbeddingsInput(input: EmbeddingsRequest['input'], policy: PrivacyPolicy): ProtectEmbeddingsResult {
    const compiled = this.#compile(policy);
    if (compiled.detectorTypes.size === 0 && compiled.customs.length === 0) return { ok: true, input, counts: {} };
    const texts: unknown[] = typeof input === 'string' ? [input] : input;
    if (!texts.every((item): item is string => typeof item === 'string')) {
      throw new PrivacyUnavailableError('Token-id embeddings input cannot be scanned; send text');
    }
    const rules: PseudonymizeRules = {
      ...compiled.rules,
      modeFor: (type: EntityType): PrivacyMode => {
        const mode = compiled.rules.modeFor(type);
        return mode === 'pseudonymize' ? 'mask' : mode;
      },
    };
    const find = this.#spanFinder(compiled);
    const counts: EntityCounts = {};
    const masked: string[] = [];
    const blocked = new Set<EntityType>();
    this.#failClosed(() => {
      for (const text of texts) {
        const result = pseudonymizeText(text, find(text), rules);
        if (!result.ok) result.blockedTypes.forEach((type) => blocked.add(type));
        else {
          masked.push(result.value);
          for (const [type, n] of Object.entries(result.counts) as Array<[EntityType, number]>) {
            counts[type] = (counts[type] ?? 0) + n;
          }
        }
      }
    });
    if (blocked.size > 0) return { ok: false, blockedTypes: [...blocked].sort() };
    return { ok: true, input: typeof input === 'string' ? (masked[0] ?? '') : masked, counts };
  }

  #compile(policy: PrivacyPolicy): CompiledPolicy {
    let compiled = this.#compiled.get(policy);
    if (compiled === undefined) {
      compiled = compilePolicy(policy);
      this.#compiled.set(policy, compiled);
    }
    return compiled;
  }

  /** Detector + custom-pattern spans for one text, checking the request's time budget after each scan. */
  #spanFinder(compiled: CompiledPolicy): (text: string) => EntitySpan[] {
    const deadline = this.#clock() + this.#timeoutMs;
    const checkTime = (): void => {
      if (this.#clock() > deadline) {
        throw new PrivacyUnavailableError(`Privacy scan exceeded its ${this.#timeoutMs} ms budget`);
      }
    };
    const options = { region: compiled.rules.region, types: compiled.detectorTypes, minScore: compiled.minScore };
    return (text) => {
      if (text.length === 0) return [];
      const spans: EntitySpan[] = [];
      if (compiled.detectorTypes.size > 0) {
        for (const span of this.#detect(text, options)) {
          if (span.score >= compiled.minScore && compiled.detectorTypes.has(span.type)) spans.push(span);
        }
        checkTime();
      }
      for (const custom of compiled.customs) {
        for (const span of findCustomMatches(custom.pattern, custom.flags, custom.type, text)) spans.push(span);
        checkTime();
      }
      return spans;
    };
  }

  /** Runs a scan; any failure becomes PrivacyUnavailableError (the original kept as `cause`). */
  #failClosed<T>(scan: () => T): T {
    try {
      return scan();
    } catch (error) {
      if (error instanceof PrivacyUnavailableError) throw error;
      throw new PrivacyUnavailableError('Privacy scan failed; the request was not forwarded', { cause: error });
    }
  }
}
