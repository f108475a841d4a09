import { parseHostAllowlist } from './security';

/**
 * Sites the app may open in the system browser. Anything else a page tries to open is dropped: a
 * compromised or buggy page must not be able to send the trader to an arbitrary site from inside
 * a trusted app. Add a host here deliberately, with the reason.
 */
export const EXTERNAL_LINK_HOSTS = [
  // Project documentation and source.
  'stratus.dev',
  '*.stratus.dev',
  'github.com',
  // The exchange (account, API key management, status pages).
  'bybit.com',
  '*.bybit.com',
  // Transactions and addresses behind whale-flow alerts.
  'etherscan.io',
  '*.etherscan.io',
  'arbiscan.io',
  'basescan.org',
  'bscscan.com',
  'polygonscan.com',
] as const;

export const DOCS_URL = 'https://stratus.dev/docs';

export const externalLinkAllowlist = parseHostAllowlist(EXTERNAL_LINK_HOSTS);
