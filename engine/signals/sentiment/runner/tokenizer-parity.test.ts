import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { shippedModelDir } from '../../../testing/bundle-worker';
import { readModelDirectory } from './model-directory';
import { stripUrls } from './text';

type Samples = { maxLength: number; samples: { text: string; ids: number[] }[] };

describe('the shipped tokenizer.json', () => {
  it('gives the same ids in the engine as in training (tokenizer-samples.json, written by the training scripts)', () => {
    const dir = shippedModelDir();
    const model = readModelDirectory(dir);
    const { maxLength, samples } = JSON.parse(readFileSync(join(dir, 'tokenizer-samples.json'), 'utf8')) as Samples;
    expect(model.maxLength).toBe(maxLength);
    const tokenizer = new Tokenizer(model.tokenizer, model.tokenizerConfig);
    for (const sample of samples) {
      const ids = tokenizer.encode(stripUrls(sample.text)).ids;
      const truncated = ids.length > maxLength ? [...ids.slice(0, maxLength - 1), ids[ids.length - 1]] : ids;
      expect(truncated, sample.text).toEqual(sample.ids);
    }
  });
});
