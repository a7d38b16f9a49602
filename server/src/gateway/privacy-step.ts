import { AppError } from '../errors.ts';
import type { PrivacyPolicyCache } from '../privacy/policy-cache.ts';
import type { PrivacyShield, PseudonymVault } from '../privacy/shield/index.ts';
import type { ChatRequest, EmbeddingsRequest } from './canonical.ts';
import type { GatewayCall } from './gateway-call.ts';

/** The privacy shield and the per-org policies it applies, built once in main.ts. */
export interface PrivacyDeps {
  shield: PrivacyShield;
  policies: PrivacyPolicyCache;
}

function unavailable(): AppError {
  return new AppError(
    'privacy_unavailable',
    'The privacy shield could not check this request, so nothing was sent to the provider. Try again shortly.',
  );
}

function blocked(types: readonly string[]): AppError {
  return new AppError(
    'privacy_blocked',
    `The request contains personal data that your organization's privacy policy does not allow to leave: ${types.join(', ')}. Remove it and try again.`,
  );
}

function recordCounts(call: GatewayCall, counts: Record<string, number | undefined>): void {
  const found = Object.entries(counts).filter((e): e is [string, number] => typeof e[1] === 'number' && e[1] > 0);
  call.privacyCounts = found.length > 0 ? Object.fromEntries(found) : null;
}

/**
 * Step 3: pseudonymize (or mask, or block) every outgoing text per the org's policy. Fails
 * closed: if the policy cannot be loaded or the shield errors, the request fails and the provider
 * receives nothing. Returns the request to send and the vault that restores the answer.
 */
export async function protectChat(
  privacy: PrivacyDeps,
  call: GatewayCall,
  request: ChatRequest,
): Promise<{ request: ChatRequest; vault: PseudonymVault }> {
  let result;
  try {
    const policy = await privacy.policies.forOrg(call.key!.orgId);
    result = privacy.shield.protectChat(request, policy);
  } catch {
    throw unavailable();
  }
  if (!result.ok) throw blocked(result.blockedTypes);
  recordCounts(call, result.counts);
  return { request: result.request, vault: result.vault };
}

/** Step 3 for embeddings: mask only (a vector cannot be restored). Fails closed like protectChat. */
export async function protectEmbeddings(
  privacy: PrivacyDeps,
  call: GatewayCall,
  input: EmbeddingsRequest['input'],
): Promise<EmbeddingsRequest['input']> {
  let result;
  try {
    const policy = await privacy.policies.forOrg(call.key!.orgId);
    result = privacy.shield.protectEmbeddingsInput(input, policy);
  } catch {
    throw unavailable();
  }
  if (!result.ok) throw blocked(result.blockedTypes);
  recordCounts(call, result.counts);
  return result.input;
}
