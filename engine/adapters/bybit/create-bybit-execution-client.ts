import { AuthError } from '../../core/errors';
import { readCredentials, type SecretStore } from '../../secrets/secret-store';
import { BybitExecutionClient, type BybitExecutionOptions } from './bybit-execution-client';

/**
 * The live Bybit venue with the keys from the engine's secret store. The keys are read here, at the
 * moment the client is built, and live on only inside ccxt and the private stream: never stored, logged
 * or sent over the API.
 */
export async function createBybitExecutionClient(secrets: SecretStore, options: Omit<BybitExecutionOptions, 'credentials'> = {}): Promise<BybitExecutionClient> {
  const credentials = await readCredentials(secrets, 'bybit');
  if (!credentials) throw new AuthError(`no Bybit API keys in ${secrets.location}; add them in Settings or with \`stratus keys set bybit\``);
  return BybitExecutionClient.create({ ...options, credentials });
}
