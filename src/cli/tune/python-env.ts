import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** What `cloze-edge tune` needs from Python, and how to get it. */
export const PYTHON_MODULES = ['torch', 'onnx', 'numpy'] as const;
export const INSTALL_HINT = [
  'cloze-edge tune trains with PyTorch and writes ONNX: it needs Python 3 with torch, onnx and numpy.',
  'Install them with one of:',
  '  Debian/Ubuntu:  sudo apt-get install -y python3 python3-torch python3-onnx python3-numpy libopenblas0-pthread',
  '  pip:            python3 -m pip install torch onnx numpy   (CPU wheels: add --index-url https://download.pytorch.org/whl/cpu for torch)',
  'or point --python at an interpreter that has them.',
].join('\n');

export class PythonMissingError extends Error {
  constructor(readonly tried: { python: string; problem: string }[]) {
    super(`${INSTALL_HINT}\n\nTried: ${tried.map((t) => `${t.python} (${t.problem})`).join('; ')}`);
    this.name = 'PythonMissingError';
  }
}

/**
 * The first interpreter that imports torch, onnx and numpy: `preferred` (--python) when given,
 * else `python3` on the PATH, then Debian's /usr/bin/python3 (where apt installs python3-torch
 * even when another python3 comes first on the PATH). Throws PythonMissingError with the install lines.
 */
export async function findPython(preferred?: string): Promise<{ python: string; versions: string }> {
  const candidates = preferred ? [preferred] : [...new Set(['python3', '/usr/bin/python3'])];
  const tried: { python: string; problem: string }[] = [];
  const probe = `import ${PYTHON_MODULES.join(', ')}; print("torch " + torch.__version__ + ", onnx " + onnx.__version__)`;
  for (const python of candidates) {
    try {
      const { stdout } = await exec(python, ['-c', probe], { timeout: 60_000 });
      return { python, versions: stdout.trim() };
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: string };
      const missing = /No module named '([^']+)'/.exec(e.stderr ?? '')?.[1];
      tried.push({ python, problem: e.code === 'ENOENT' ? 'not found' : missing ? `no module ${missing}` : (e.stderr ?? e.message).trim().split('\n').pop()! });
    }
  }
  throw new PythonMissingError(tried);
}
