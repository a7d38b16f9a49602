import type { Role } from '../identity/user-creator.ts';

/** The roles a matrix rule can name, most powerful first. */
export const MATRIX_ROLES = ['owner', 'admin', 'manager', 'member', 'viewer'] as const satisfies readonly Role[];

/** The org default for models without a rule: `allow` unless the org chose `deny`. */
export type AccessDefault = 'allow' | 'deny';

/** The explicit rules of one model: allow (true) or deny (false) per role and per department id. */
export interface ModelRules {
  roles: ReadonlyMap<string, boolean>;
  departments: ReadonlyMap<string, boolean>;
}

/** An org's model access matrix as the gateway holds it (loaded by the catalog). */
export interface AccessPolicy {
  /** What applies where no rule speaks. */
  modelAccessDefault: AccessDefault;
  /** Rules by model id; a model without any rule is absent. */
  rules: ReadonlyMap<string, ModelRules>;
  /** Each department's parent (null at the top), for the nearest-ancestor lookup. */
  parents: ReadonlyMap<string, string | null>;
}

/** The parts of a key the access rule reads (a KeyRecord has them all). */
export interface AccessKey {
  /** The key's own list of aliases; null = no list. */
  allowedModels: ReadonlySet<string> | null;
  /** Set for a person's key; null for a department's key. */
  ownerUserId: string | null;
  /** The owner's role in the org (null for department keys or an owner without membership). */
  ownerRole: Role | null;
  /** The owner's own department (membership); a person's key is judged by it, not by the key's. */
  memberDepartmentId: string | null;
  /** The key's department (its own, else its owner's); a department key is judged by it. */
  departmentId: string | null;
}

/** Why a key may not use a model, or `allowed`. */
export type AccessVerdict = 'allowed' | 'key' | 'role' | 'department' | 'default';

/** Longest department chain walked; deeper trees (or a cycle) stop the walk there. */
const MAX_DEPTH = 64;

/** The rule of the department or its nearest ancestor that has one, or undefined when none does. */
export function nearestDepartmentRule(
  parents: ReadonlyMap<string, string | null>,
  rules: ReadonlyMap<string, boolean> | undefined,
  departmentId: string | null,
): boolean | undefined {
  if (!rules || rules.size === 0) return undefined;
  let at = departmentId;
  for (let depth = 0; at && depth < MAX_DEPTH; depth++) {
    const rule = rules.get(at);
    if (rule !== undefined) return rule;
    at = parents.get(at) ?? null;
  }
  return undefined;
}

/**
 * Decides whether a key may use a model. (a) The key's own `allowedModels`, when set, must list
 * the alias. (b) A person's key is judged by the owner's role and the owner's department (its
 * nearest rule, walking up the tree); a department's key by its department alone. An explicit
 * deny on any of these wins; otherwise an explicit allow on any of them allows; where no rule
 * speaks, the org's `modelAccessDefault` decides.
 */
export function decideModelAccess(
  policy: AccessPolicy,
  key: AccessKey,
  model: { id: string; alias: string },
): AccessVerdict {
  if (key.allowedModels && !key.allowedModels.has(model.alias)) return 'key';
  const rules = policy.rules.get(model.id);
  const person = key.ownerUserId !== null;
  const role = person && key.ownerRole ? rules?.roles.get(key.ownerRole) : undefined;
  const department = nearestDepartmentRule(
    policy.parents,
    rules?.departments,
    person ? key.memberDepartmentId : key.departmentId,
  );
  if (role === false) return 'role';
  if (department === false) return 'department';
  if (role === true || department === true) return 'allowed';
  return policy.modelAccessDefault === 'allow' ? 'allowed' : 'default';
}

/** True when the key may use the model (for listing /v1/models). */
export function keyMayUseModel(policy: AccessPolicy, key: AccessKey, model: { id: string; alias: string }): boolean {
  return decideModelAccess(policy, key, model) === 'allowed';
}

/** The client-facing reason a key may not use a model, or null when it may. */
export function modelAccessDenial(
  policy: AccessPolicy,
  key: AccessKey,
  model: { id: string; alias: string },
): string | null {
  switch (decideModelAccess(policy, key, model)) {
    case 'allowed':
      return null;
    case 'key':
      return `This API key may not use the model "${model.alias}".`;
    case 'role':
      return `The model "${model.alias}" is not available to the role "${key.ownerRole}" in this organization.`;
    case 'department':
      return `The model "${model.alias}" is not available to this key's department.`;
    case 'default':
      return `The model "${model.alias}" has not been made available to this key (the organization denies models without a rule).`;
  }
}
