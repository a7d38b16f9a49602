#!/usr/bin/env node
// The `gatehouse` command. The server runs from its TypeScript sources through tsx's loader, so a
// fresh clone needs no build step and there is one code path in development, tests and production.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
