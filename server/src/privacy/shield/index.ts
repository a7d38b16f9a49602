// The privacy shield's public surface, for the gateway pipeline, the admin API and the logger.
export { ChunkRestorer } from './chunk-restorer.ts';
export { CUSTOM_PATTERN_LIMITS, CustomPatternError, customPatternProblem } from './custom-patterns.ts';
export {
  PII_TYPES,
  type DetectPii,
  type EntityCounts,
  type EntitySpan,
  type EntityType,
  type PrivacyMode,
} from './entity-types.ts';
export { LOG_REDACTION_LIMITS, piiRedactingPinoOptions, redactLogString, redactLogValue } from './log-redaction.ts';
export {
  DEFAULT_PRIVACY_POLICY,
  modeFor,
  privacyModeSchema,
  privacyPolicySchema,
  type PrivacyPolicy,
  type PrivacyPolicyInput,
} from './policy.ts';
export { PseudonymVault } from './pseudonym-vault.ts';
export { pseudonymizeChatRequest, pseudonymizeText } from './pseudonymizer.ts';
export { restoreCompletion, restoreText, StreamRestorer } from './restorer.ts';
export {
  PrivacyShield,
  PrivacyUnavailableError,
  type PrivacyShieldOptions,
  type ProtectEmbeddingsResult,
  type ProtectResult,
} from './shield.ts';
