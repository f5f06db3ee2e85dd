import { describe, expect, it } from 'vitest';
import { ClozeError } from '../../src/core/errors.js';
import { pacer, WORK_SLICE } from '../../src/core/pace.js';

describe('pacer', () => {
  it('yields a macrotask once a slice of work is done, so timers run meanwhile', async () => {
    const pace = pacer();
    let fired = false;
    setTimeout(() => {
      fired = true;
    }, 0);
    await pace(1); // within the slice: no yield
    expect(fired).toBe(false);
    // each full slice of work yields a macrotask: the timer gets its turn within a few
    for (let i = 0; i < 50 && !fired; i++) await pace(WORK_SLICE);
    expect(fired).toBe(true);
  });

  it('throws the stop error of an aborted signal at the next call', async () => {
    const signal = { aborted: false, reason: undefined as unknown };
    const pace = pacer(signal);
    await pace();
    signal.aborted = true;
    signal.reason = new ClozeError('deadline_exceeded', 'cut');
    await expect(pace()).rejects.toMatchObject({ code: 'deadline_exceeded', message: 'cut' });
  });
});
