// The shapes of the /api answers the departments, keys, settings and people-action screens read
// (see /openapi.json for the full contract).
import type { Branding, Role } from './types.ts';

/** One department of GET /api/departments (a flat list; the tree is built from parent ids). */
export interface DepartmentRow {
  id: string;
  name: string;
  parentId: string | null;
  /** People whose membership is in exactly this department. */
  members: number;
  createdAt: string;
}

/** One API key of GET /api/keys (never its secret or hash). */
export interface ApiKey {
  id: string;
  name: string;
  kind: 'virtual' | 'license';
  prefix: string;
  ownerUserId: string | null;
  ownerName: string | null;
  ownerEmail: string | null;
  ownerDepartmentId: string | null;
  ownerDepartmentName: string | null;
  /** Model aliases; null = every model of the org. */
  allowedModels: string[] | null;
  scopes: string[];
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
}

/** POST /api/keys and POST /api/keys/:id/rotate: the key and its secret, shown once. */
export interface CreatedKey extends ApiKey {
  secret: string;
}

/** One model of GET /api/models (the fields the key form needs). */
export interface ModelOption {
  id: string;
  alias: string;
  kind: 'chat' | 'embedding';
  enabled: boolean;
  provider: { name: string };
}

/** One invitation of GET /api/invitations (never its token). */
export interface Invitation {
  id: string;
  email: string;
  role: Role;
  departmentId: string | null;
  invitedBy: string | null;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
  expiresAt: string;
  acceptedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

/** Who must use two-factor authentication. */
export type MfaRequirement = 'none' | 'admins' | 'all';

/** The settings of GET/PATCH /api/org that the settings screen edits (the rest is left as it is). */
export interface OrgSettingsForm {
  timezone?: string;
  language?: 'en' | 'de';
  weekStartsOn?: number;
  currency?: string;
  unpricedModels?: 'refuse' | 'allow';
  requireMfa?: MfaRequirement;
  branding?: Branding;
}

/** GET /api/org with the settings the screen edits. */
export interface OrgWithSettings {
  id: string;
  slug: string;
  name: string;
  settings: OrgSettingsForm;
}

/** POST /api/people/bulk's answer. */
export interface BulkResult {
  applied: true;
  changed: number;
}
