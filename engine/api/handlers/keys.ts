import { z } from 'zod';
import { EngineError } from '../../core/errors';
import { keyStatus, readCredentials, SECRET_VENUES, writeCredentials, type KeyStatus, type SecretStore, type SecretVenue } from '../../secrets/secret-store';
import { defineHandler } from '../define-handler';

export type KeysDeps = {
  /** Opens the engine's secret store (lazily: the OS keychain may be missing, and only keys.* need it). */
  readonly secrets: () => Promise<SecretStore>;
  /** Told after keys were set or removed, so a venue client can be rebuilt with the new ones. */
  readonly onChange?: (venue: SecretVenue) => void;
};

const venue = z.enum(SECRET_VENUES);

/** The secret store could not be opened: every venue is reported unconfigured, with the reason. */
function unavailable(venueName: SecretVenue, error: EngineError): KeyStatus {
  return { venue: venueName, configured: false, keyId: null, store: 'keychain', location: 'none', writable: false, problem: error.message };
}

/**
 * Exchange keys over the API. `keys.set` takes the secret in and stores it; nothing here ever sends a
 * secret back: status carries whether keys are there, a masked key id and where they are kept.
 */
export function createKeysHandlers(deps: KeysDeps) {
  let opening: Promise<SecretStore> | null = null;
  const store = (): Promise<SecretStore> => {
    opening ??= deps.secrets().catch((error: unknown) => {
      opening = null;
      throw error;
    });
    return opening;
  };
  const status = async (name: SecretVenue): Promise<KeyStatus> => {
    try {
      return await keyStatus(await store(), name);
    } catch (error) {
      if (error instanceof EngineError) return unavailable(name, error);
      throw error;
    }
  };

  return {
    'keys.status': defineHandler(z.object({}).strict(), async () => ({ venues: await Promise.all(SECRET_VENUES.map(status)) })),
    'keys.set': defineHandler(
      z.object({ venue, apiKey: z.string().min(1).max(128), secret: z.string().min(1).max(4096) }).strict(),
      async ({ venue: name, apiKey, secret }) => {
        await writeCredentials(await store(), name, { apiKey, secret });
        deps.onChange?.(name);
        return status(name);
      },
    ),
    'keys.remove': defineHandler(z.object({ venue }).strict(), async ({ venue: name }) => {
      const opened = await store();
      const removed = (await readCredentials(opened, name)) !== undefined && (await opened.remove(name));
      if (removed) deps.onChange?.(name);
      return { removed, status: await status(name) };
    }),
  };
}

export type KeysHandlers = ReturnType<typeof createKeysHandlers>;
