/** Runs the `registry-desk` command line in-process (the same `main` the package bin calls), capturing its output. */
import { main } from '../../electron/cli/main.ts';

export interface CliRun {
  code: number;
  out: string; // stdout: results
  err: string; // stderr: progress and error objects
}

/** @param args the arguments after `registry-desk`. */
export async function runCli(args: string[]): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(['node', 'registry-desk', ...args], { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { code, out, err };
}
