import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { getAddress } from 'ethers';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import { findPackagePath } from '../../core/package-root';
import type { AddressLabel } from './onchain-types';

const addressSchema = z.string().transform((value, context) => {
  try {
    // A mixed-case address carries a checksum: a mistyped character fails here instead of labelling a stranger.
    return getAddress(value).toLowerCase();
  } catch {
    context.addIssue({ code: 'custom', message: `"${value}" is not an address (or its checksum is wrong)` });
    return z.NEVER;
  }
});

export const labelSchema = z
  .object({
    address: addressSchema,
    chain: z.string().min(1).max(40).default('*'),
    name: z.string().min(1).max(80),
    entity: z.string().min(1).max(60),
    kind: z.enum(['exchange', 'treasury', 'fund', 'other']),
    source: z.string().min(1).max(200),
  })
  .strict();

const labelFileSchema = z.object({ description: z.string().optional(), labels: z.array(labelSchema) }).strict();

/** Reads one labels file; a bad entry fails the whole file with its index and reason, nothing half-loaded. */
export function readLabelFile(path: string): AddressLabel[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`labels file ${path} cannot be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = labelFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ValidationError(`labels file ${path}: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data.labels;
}

/** The labels shipped in resources/labels (every *.json file there). */
export function readBuiltinLabels(): AddressLabel[] {
  const dir = findPackagePath(join('resources', 'labels'));
  if (!dir) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => readLabelFile(join(dir, file)));
}

/** Looks addresses up by chain; a chain-specific label wins over a `*` one, and later sets win over earlier. */
export class LabelBook {
  private readonly byKey = new Map<string, AddressLabel>();

  constructor(...sets: readonly (readonly AddressLabel[])[]) {
    for (const set of sets) for (const label of set) this.byKey.set(`${label.chain}:${label.address}`, label);
  }

  lookup(chain: string, address: string): AddressLabel | null {
    const lower = address.toLowerCase();
    return this.byKey.get(`${chain}:${lower}`) ?? this.byKey.get(`*:${lower}`) ?? null;
  }

  all(): AddressLabel[] {
    return [...this.byKey.values()];
  }

  get size(): number {
    return this.byKey.size;
  }
}
