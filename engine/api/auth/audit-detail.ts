/** Parameter names whose values are credentials or key material and never reach the audit log. */
const SECRET_NAME = /token|secret|key|pass|code|signature|credential/i;
const MAX_DETAIL = 300;

/**
 * A short, secret-free summary of a call's parameters for the audit log: scalar values only, with
 * anything named like a credential replaced by `***`, cut to a few hundred characters.
 */
export function auditDetail(params: unknown, error?: string): string {
  const parts: string[] = [];
  if (typeof params === 'object' && params !== null && !Array.isArray(params)) {
    for (const [name, value] of Object.entries(params)) {
      if (SECRET_NAME.test(name)) parts.push(`${name}=***`);
      else if (typeof value === 'string') parts.push(`${name}=${value.slice(0, 64)}`);
      else if (typeof value === 'number' || typeof value === 'boolean' || value === null) parts.push(`${name}=${String(value)}`);
      else parts.push(`${name}=…`);
    }
  }
  if (error !== undefined) parts.push(`error: ${error}`);
  const text = parts.join(' ');
  return text.length > MAX_DETAIL ? `${text.slice(0, MAX_DETAIL - 1)}…` : text;
}
