import type { DepartmentRow } from '../../../api/org-types.ts';

/** A department with its sub-departments, sorted by name. */
export interface DepartmentNode extends DepartmentRow {
  children: DepartmentNode[];
}

const byName = (a: { name: string }, b: { name: string }) =>
  a.name.localeCompare(b.name, undefined, { sensitivity: 'base' });

/**
 * The tree of GET /api/departments' flat list. A department whose parent is missing from the list
 * (or that sits in a cycle, which the server never stores) is shown at the top level, so nothing
 * disappears.
 */
export function departmentTree(rows: readonly DepartmentRow[]): DepartmentNode[] {
  const nodes = new Map(rows.map((r) => [r.id, { ...r, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined;
    if (parent && !isAncestor(nodes, node.id, parent.id)) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: DepartmentNode[]) => {
    list.sort(byName);
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/** Whether `ancestorId` is `id` or above it, following parent ids (guarded against cycles). */
function isAncestor(nodes: Map<string, DepartmentRow>, ancestorId: string, id: string): boolean {
  const seen = new Set<string>();
  for (let cur: string | null = id; cur && !seen.has(cur); cur = nodes.get(cur)?.parentId ?? null) {
    if (cur === ancestorId) return true;
    seen.add(cur);
  }
  return false;
}

/** Every department in tree order with its depth (0 = top level), for selects. */
export function flattenTree(
  tree: readonly DepartmentNode[],
  depth = 0,
): Array<{ id: string; name: string; depth: number }> {
  return tree.flatMap((n) => [{ id: n.id, name: n.name, depth }, ...flattenTree(n.children, depth + 1)]);
}

/** A department's name indented by its depth, for an <option> (selects cannot nest). */
export function indentedName(name: string, depth: number): string {
  return `${'\u2003'.repeat(depth)}${name}`;
}

/** The ids of every department with sub-departments (the ones that can collapse). */
export function parentIds(tree: readonly DepartmentNode[]): string[] {
  return tree.flatMap((n) => (n.children.length > 0 ? [n.id, ...parentIds(n.children)] : []));
}

/** People in a department and every department below it. */
export function subtreeMembers(node: DepartmentNode): number {
  return node.children.reduce((sum, c) => sum + subtreeMembers(c), node.members);
}
