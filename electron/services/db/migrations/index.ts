/** All migrations in order; migration N must sit at index N−1 and carry `version: N`. */
import { migration001 } from './001-initial.ts';
import { migration002 } from './002-accounts-annulment.ts';
import { migration003 } from './003-exchange.ts';
import { migration004 } from './004-daily-routing.ts';
import { migration005 } from './005-watched-files.ts';
import { migration006 } from './006-parallel-period.ts';
import { migration007 } from './007-paper-dispatch.ts';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [migration001, migration002, migration003, migration004, migration005, migration006, migration007];
