import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Runs a program, resolving to its output (rejects on a non-zero exit). */
export const run = promisify(execFile);

/** The offline tools run on Debian's Python (its python3-torch, python3-onnx, python3-numpy). */
export const PYTHON = '/usr/bin/python3';

/** Whether PYTHON can import these modules; the tests of tools that need them are skipped without. */
export const pythonHas = (modules: string): Promise<boolean> =>
  run(PYTHON, ['-c', `import ${modules}`]).then(
    () => true,
    () => false,
  );
