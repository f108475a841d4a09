import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { findPackagePath } from '../../core/package-root';

const feedsFileSchema = z.object({
  feeds: z.array(z.object({ id: z.string(), name: z.string(), url: z.string().url() })),
});

export type DefaultFeed = z.infer<typeof feedsFileSchema>['feeds'][number];

/** The user-editable default feed list in resources/sentiment-feeds.json (listed, never polled until enabled). */
export function readDefaultFeeds(path = findPackagePath(join('resources', 'sentiment-feeds.json'))): DefaultFeed[] {
  if (!path) return [];
  return feedsFileSchema.parse(JSON.parse(readFileSync(path, 'utf8'))).feeds;
}
