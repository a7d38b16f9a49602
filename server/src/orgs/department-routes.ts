import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { ApiDeps, ApiInstance } from '../api/api-types.ts';
import { requestContext } from '../api/api-types.ts';
import { writeAudit } from '../audit/audit-writer.ts';
import { authorize } from '../auth/policy.ts';
import type { Tx } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { departmentSubtree } from './department-tree.ts';

const departmentOut = z.object({
  id: z.uuid(),
  name: z.string(),
  parentId: z.uuid().nullable(),
  members: z.number().int(),
  createdAt: z.string(),
});

interface DeptRow {
  id: string;
  name: string;
  parent_id: string | null;
  members: number;
  created_at: string;
}

/** Lists the fields of a department the API shows. */
function presentDepartment(row: DeptRow) {
  return {
    id: row.id,
    name: row.name,
    parentId: row.parent_id,
    members: Number(row.members ?? 0),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

async function loadDepartment(tx: Tx, id: string): Promise<DeptRow> {
  const [row] = (
    await tx.execute(sql`select d.id, d.name, d.parent_id, d.created_at,
                                (select count(*)::int from memberships m where m.department_id = d.id) as members
                           from departments d where d.id = ${id}`)
  ).rows as unknown as DeptRow[];
  if (!row) throw new AppError('not_found', `No department ${id}.`);
  return row;
}

const name = z.string().trim().min(1).max(120);

/** Departments: a tree per org; managers are scoped to their subtree. */
export function registerDepartmentRoutes(api: ApiInstance, deps: ApiDeps): void {
  const { db } = deps;

  api.get(
    '/departments',
    {
      config: { action: 'department.read' },
      schema: {
        tags: ['departments'],
        summary: 'All departments of the org (a flat list with parent ids)',
        response: { 200: z.object({ items: z.array(departmentOut) }) },
      },
    },
    async (req) => {
      authorize(req.actor!, 'department.read');
      const rows = await db.withOrg(
        req.actor!.orgId,
        async (tx) =>
          (
            await tx.execute(sql`select d.id, d.name, d.parent_id, d.created_at,
                                      (select count(*)::int from memberships m where m.department_id = d.id) as members
                                 from departments d order by lower(d.name) limit 5000`)
          ).rows,
      );
      return { items: (rows as unknown as DeptRow[]).map(presentDepartment) };
    },
  );

  api.post(
    '/departments',
    {
      config: { action: 'department.manage' },
      schema: {
        tags: ['departments'],
        summary: 'Create a department',
        body: z.object({ name, parentId: z.uuid().nullable().optional() }),
        response: { 201: departmentOut },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'department.manage');
      const orgId = req.actor!.orgId;
      const created = await db.withOrg(orgId, async (tx) => {
        if (req.body.parentId) await loadDepartment(tx, req.body.parentId);
        const [row] = (
          await tx.execute(sql`insert into departments (org_id, name, parent_id) values (${orgId}, ${req.body.name}, ${req.body.parentId ?? null})
                               on conflict do nothing returning id`)
        ).rows as Array<{ id: string }>;
        if (!row)
          throw new AppError('conflict', `A department named "${req.body.name}" already exists there.`, {
            param: 'name',
          });
        const dept = await loadDepartment(tx, row.id);
        await writeAudit(
          tx,
          orgId,
          req.actor,
          { action: 'department.create', targetType: 'department', targetId: row.id, after: presentDepartment(dept) },
          requestContext(req),
        );
        return dept;
      });
      return reply.code(201).send(presentDepartment(created));
    },
  );

  api.patch(
    '/departments/:id',
    {
      config: { action: 'department.manage' },
      schema: {
        tags: ['departments'],
        summary: 'Rename or move a department (never below itself)',
        params: z.object({ id: z.uuid() }),
        body: z.object({ name: name.optional(), parentId: z.uuid().nullable().optional() }),
        response: { 200: departmentOut },
      },
    },
    async (req) => {
      authorize(req.actor!, 'department.manage');
      const orgId = req.actor!.orgId;
      const updated = await db.withOrg(orgId, async (tx) => {
        const before = await loadDepartment(tx, req.params.id);
        const parentId = req.body.parentId === undefined ? before.parent_id : req.body.parentId;
        if (parentId) {
          await loadDepartment(tx, parentId);
          const below = await departmentSubtree(tx, req.params.id);
          if (below.has(parentId))
            throw new AppError('invalid_request', 'parentId: a department cannot move below itself.', {
              param: 'parentId',
            });
        }
        const clash = (
          await tx.execute(sql`select 1 from departments where id <> ${req.params.id} and lower(name) = lower(${req.body.name ?? before.name})
                                  and coalesce(parent_id, '00000000-0000-0000-0000-000000000000') = coalesce(${parentId}::uuid, '00000000-0000-0000-0000-000000000000')`)
        ).rows;
        if (clash.length > 0)
          throw new AppError('conflict', `A department named "${req.body.name ?? before.name}" already exists there.`, {
            param: 'name',
          });
        await tx.execute(
          sql`update departments set name = ${req.body.name ?? before.name}, parent_id = ${parentId} where id = ${req.params.id}`,
        );
        const after = await loadDepartment(tx, req.params.id);
        await writeAudit(
          tx,
          orgId,
          req.actor,
          {
            action: 'department.update',
            targetType: 'department',
            targetId: req.params.id,
            before: presentDepartment(before),
            after: presentDepartment(after),
          },
          requestContext(req),
        );
        return after;
      });
      return presentDepartment(updated);
    },
  );

  api.delete(
    '/departments/:id',
    {
      config: { action: 'department.manage' },
      schema: {
        tags: ['departments'],
        summary: 'Delete an empty department (no sub-departments, people or keys)',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      authorize(req.actor!, 'department.manage');
      const orgId = req.actor!.orgId;
      await db.withOrg(orgId, async (tx) => {
        const before = await loadDepartment(tx, req.params.id);
        const [use] = (
          await tx.execute(sql`select (select count(*)::int from departments where parent_id = ${req.params.id}) as children,
                                      (select count(*)::int from memberships where department_id = ${req.params.id}) as members,
                                      (select count(*)::int from api_keys where owner_department_id = ${req.params.id} and revoked_at is null) as keys`)
        ).rows as Array<{ children: number; members: number; keys: number }>;
        if (use!.children || use!.members || use!.keys)
          throw new AppError(
            'conflict',
            `The department is not empty: ${use!.children} sub-departments, ${use!.members} people, ${use!.keys} active keys.`,
          );
        await tx.execute(sql`delete from departments where id = ${req.params.id}`);
        await writeAudit(
          tx,
          orgId,
          req.actor,
          {
            action: 'department.delete',
            targetType: 'department',
            targetId: req.params.id,
            before: presentDepartment(before),
          },
          requestContext(req),
        );
      });
      return reply.code(204).send(null);
    },
  );
}
