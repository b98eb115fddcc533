/** Who is at the desk. Until desk users exist, the operating-system user name. */
import os from 'node:os';

/** @returns the OS user name, or `USER`/`USERNAME` from the environment, or 'unknown'. */
export function osOperator(): string {
  try {
    const name = os.userInfo().username;
    if (name !== '') return name;
  } catch {
    // no passwd entry (some containers): fall through
  }
  return process.env.USER ?? process.env.USERNAME ?? 'unknown';
}
