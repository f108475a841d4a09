/** The engine's version, reported to clients; kept in step with package.json by a unit test. */
export const ENGINE_VERSION = '0.1.0';
