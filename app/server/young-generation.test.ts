import { describe, expect, it } from 'vitest';
import { DEFAULT_SEMI_SPACE_MB, youngGenerationArgs } from './young-generation';

describe('youngGenerationArgs', () => {
  it('gives the workers a 64 MB semi-space by default', () => {
    expect(DEFAULT_SEMI_SPACE_MB).toBe(64);
    expect(youngGenerationArgs([], {})).toEqual(['--max-semi-space-size=64']);
  });
  it('takes NODE_SEMI_SPACE_MB, and 0 keeps V8’s default', () => {
    expect(youngGenerationArgs([], { NODE_SEMI_SPACE_MB: '32' })).toEqual(['--max-semi-space-size=32']);
    expect(youngGenerationArgs([], { NODE_SEMI_SPACE_MB: '0' })).toEqual([]);
  });
  it('falls back to the default for a value that is not a sensible size', () => {
    for (const v of ['abc', '-8', '2.5', '99999'])
      expect(youngGenerationArgs([], { NODE_SEMI_SPACE_MB: v })).toEqual(['--max-semi-space-size=64']);
  });
  it('adds nothing when the command line or NODE_OPTIONS already sizes it', () => {
    expect(youngGenerationArgs(['--max-semi-space-size=16'], {})).toEqual([]);
    expect(youngGenerationArgs([], { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=8' })).toEqual([]);
    // a different flag that merely starts alike is not the same one
    expect(youngGenerationArgs(['--max-semi-space-size-x=1'], { NODE_OPTIONS: '--max-old-space-size=512' })).toEqual([
      '--max-semi-space-size=64',
    ]);
  });
});
