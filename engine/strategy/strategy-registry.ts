import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { NotFoundError, StrategyError } from '../core/errors';
import { checkDefinition } from './strategy-definition';
import type { StrategyDefinition } from './strategy-api';

export type StrategyOrigin = 'builtin' | 'user';

export type RegisteredStrategy = {
  readonly definition: StrategyDefinition;
  readonly origin: StrategyOrigin;
  /** The file a user strategy came from. */
  readonly file?: string;
};

/** A user file that could not be loaded, and why. */
export type StrategyLoadError = { readonly file: string; readonly message: string };

export type UserFolderReport = {
  readonly folder: string | null;
  readonly loaded: readonly string[];
  readonly errors: readonly StrategyLoadError[];
};

const USER_FILE = /\.(mjs|js)$/;

/**
 * Strategies by name: the built-ins, plus the trader's own ES modules from a folder
 * (`<profile>/strategies/*.mjs|*.js`, each exporting `strategy`). A bad file is reported with its
 * reason and skipped; the others load. Reloading replaces the user strategies as a whole.
 */
export class StrategyRegistry {
  private readonly builtins = new Map<string, RegisteredStrategy>();
  private user = new Map<string, RegisteredStrategy>();
  private lastReport: UserFolderReport = { folder: null, loaded: [], errors: [] };
  private generation = 0;

  constructor(builtins: readonly StrategyDefinition[]) {
    for (const candidate of builtins) {
      const definition = checkDefinition(candidate, 'built-in strategy');
      if (this.builtins.has(definition.name)) throw new StrategyError(`built-in strategy "${definition.name}" is registered twice`);
      this.builtins.set(definition.name, { definition, origin: 'builtin' });
    }
  }

  get(name: string): RegisteredStrategy {
    const found = this.builtins.get(name) ?? this.user.get(name);
    if (!found) throw new NotFoundError(`no strategy named "${name}"; known: ${this.names().join(', ')}`);
    return found;
  }

  has(name: string): boolean {
    return this.builtins.has(name) || this.user.has(name);
  }

  list(): RegisteredStrategy[] {
    return [...this.builtins.values(), ...[...this.user.values()].sort((a, b) => a.definition.name.localeCompare(b.definition.name))];
  }

  names(): string[] {
    return this.list().map((s) => s.definition.name);
  }

  get userReport(): UserFolderReport {
    return this.lastReport;
  }

  /**
   * Loads every `*.mjs` / `*.js` file of the folder (a missing folder is no strategies, not an error).
   * Each import gets a fresh URL, so an edited file is read again instead of coming from the module cache.
   */
  async loadUserFolder(folder: string): Promise<UserFolderReport> {
    const generation = ++this.generation;
    let files: string[];
    try {
      files = (await readdir(folder)).filter((f) => USER_FILE.test(f)).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.lastReport = { folder, loaded: [], errors: [{ file: folder, message: `cannot read the strategies folder: ${(error as Error).message}` }] };
        this.user = new Map();
        return this.lastReport;
      }
      files = [];
    }
    const loaded = new Map<string, RegisteredStrategy>();
    const errors: StrategyLoadError[] = [];
    for (const file of files) {
      const path = join(folder, file);
      try {
        const definition = checkDefinition(await importStrategy(path, generation), file);
        const clash = this.builtins.has(definition.name) ? 'a built-in strategy' : loaded.get(definition.name)?.file;
        if (clash) throw new StrategyError(`${file}: strategy "${definition.name}" is already defined by ${clash}`);
        loaded.set(definition.name, { definition, origin: 'user', file });
      } catch (error) {
        errors.push({ file, message: error instanceof StrategyError ? error.message : `${file}: ${describeImportError(error)}` });
      }
    }
    this.user = loaded;
    this.lastReport = { folder, loaded: [...loaded.keys()], errors };
    return this.lastReport;
  }
}

async function importStrategy(path: string, generation: number): Promise<unknown> {
  const module = (await import(/* @vite-ignore */ `${pathToFileURL(path).href}?v=${generation}`)) as Record<string, unknown>;
  if (!('strategy' in module)) {
    const exported = Object.keys(module).sort();
    throw new StrategyError(
      `${path.split(/[\\/]/).at(-1)}: exports no \`strategy\` (${exported.length === 0 ? 'it exports nothing' : `it exports ${exported.join(', ')}`}); write \`export const strategy = { … }\``,
    );
  }
  return module.strategy;
}

function describeImportError(error: unknown): string {
  // Node raises SyntaxError; a module loader in front of it (a test runner's) reports a parse failure in its own words.
  if (error instanceof Error && (error.name === 'SyntaxError' || /^parse fail/i.test(error.message))) return `syntax error: ${error.message}`;
  if (error instanceof Error) return `failed to load: ${error.message}`;
  return `failed to load: ${String(error)}`;
}
