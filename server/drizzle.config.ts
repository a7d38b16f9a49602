import { defineConfig } from 'drizzle-kit';

// `npx drizzle-kit generate` writes SQL migrations from src/db/schema.ts. Roles, grants, RLS and
// triggers live in custom migrations (`drizzle-kit generate --custom`), never in `push`.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema.ts',
  out: './src/db/migrations',
});
