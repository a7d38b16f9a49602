import type { AccessCell, AccessChange, AccessMatrix } from '../../../api/catalog-types.ts';

/** A column of the matrix: a role, or a department by id. */
export interface AccessColumn {
  key: string;
  subjectType: 'role' | 'department';
  subject: string;
}

/** The cells being edited: by model id, then column key. */
export type AccessCells = Record<string, Record<string, AccessCell>>;

/** The columns of a matrix: its roles, then its departments. */
export function accessColumns(matrix: AccessMatrix): AccessColumn[] {
  return [
    ...matrix.roles.map((r) => ({ key: `role:${r}`, subjectType: 'role' as const, subject: r })),
    ...matrix.departments.map((d) => ({
      key: `department:${d.id}`,
      subjectType: 'department' as const,
      subject: d.id,
    })),
  ];
}

/** The matrix's cells in editable form. */
export function accessCells(matrix: AccessMatrix): AccessCells {
  const cells: AccessCells = {};
  for (const m of matrix.models) {
    const row: Record<string, AccessCell> = {};
    for (const [role, cell] of Object.entries(m.roles)) row[`role:${role}`] = cell;
    for (const [id, cell] of Object.entries(m.departments)) row[`department:${id}`] = cell;
    cells[m.id] = row;
  }
  return cells;
}

/** What one click on a cell does: no rule → allowed → denied → no rule. */
export function nextCell(cell: AccessCell): AccessCell {
  return cell === 'default' ? 'allowed' : cell === 'allowed' ? 'denied' : 'default';
}

/** Whether every cell of a line is allowed, none is, or some are. */
export function lineState(values: readonly AccessCell[]): 'all' | 'none' | 'some' {
  const allowed = values.filter((v) => v === 'allowed').length;
  return allowed === 0 ? 'none' : allowed === values.length ? 'all' : 'some';
}

/** The value an "all" toggle sets: deny all when all are allowed, else allow all. */
export function toggleAllValue(values: readonly AccessCell[]): AccessCell {
  return lineState(values) === 'all' ? 'denied' : 'allowed';
}

/** `cells` with the given cells set to `value` (a new object; the rest shared). */
export function setCells(
  cells: AccessCells,
  targets: ReadonlyArray<{ modelId: string; column: string }>,
  value: AccessCell,
): AccessCells {
  const next: AccessCells = { ...cells };
  for (const { modelId, column } of targets) next[modelId] = { ...next[modelId], [column]: value };
  return next;
}

const ALLOWED: Record<AccessCell, boolean | null> = { allowed: true, denied: false, default: null };

/** The changes from `before` to `after`, for PUT /api/models/access (one per changed cell). */
export function accessChanges(before: AccessCells, after: AccessCells, columns: readonly AccessColumn[]) {
  const changes: Array<AccessChange & { from: AccessCell; to: AccessCell }> = [];
  for (const [modelId, row] of Object.entries(after))
    for (const column of columns) {
      const from = before[modelId]?.[column.key] ?? 'default';
      const to = row[column.key] ?? 'default';
      if (from !== to)
        changes.push({
          modelId,
          subjectType: column.subjectType,
          subject: column.subject,
          allowed: ALLOWED[to],
          from,
          to,
        });
    }
  return changes;
}
