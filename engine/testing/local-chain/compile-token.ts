import type { JsonFragment } from 'ethers';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackagePath } from '../../core/package-root';

export type TokenArtifact = { readonly abi: JsonFragment[]; readonly bytecode: string };

type SolcOutput = {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<string, Record<string, { abi: JsonFragment[]; evm: { bytecode: { object: string } } }>>;
};

function packageRoot(): string {
  const manifest = findPackagePath('package.json');
  if (!manifest) throw new Error('cannot find the project root above this file');
  return dirname(manifest);
}

function sourcePath(): string {
  // Bundled benchmarks run from .tmp/bench, so fall back to the package root when the file is not beside us.
  const here = join(dirname(fileURLToPath(import.meta.url)), 'test-token.sol');
  return existsSync(here) ? here : join(packageRoot(), 'engine', 'testing', 'local-chain', 'test-token.sol');
}

/**
 * Compiles test-token.sol with solc-js (offline, ~0.6 s) and caches the artifact under .tmp/, keyed by the
 * hash of the compiler input (source and settings) and the compiler version, so a changed source is always recompiled.
 */
export async function compileTestToken(): Promise<TokenArtifact> {
  const source = readFileSync(sourcePath(), 'utf8');
  const solc = (await import('solc')).default as { version(): string; compile(input: string): string };
  const input = {
    language: 'Solidity',
    sources: { 'test-token.sol': { content: source } },
    // Ganache 7.9 implements the EVM up to Paris (no PUSH0 or MCOPY), so compile for that.
    settings: { evmVersion: 'paris', optimizer: { enabled: true, runs: 200 }, outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } },
  };
  const key = createHash('sha256').update(solc.version()).update(JSON.stringify(input)).digest('hex').slice(0, 16);
  const cache = join(packageRoot(), '.tmp', 'local-chain', `test-token-${key}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as TokenArtifact;
  const output = JSON.parse(solc.compile(JSON.stringify(input))) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new Error(`test-token.sol does not compile:\n${errors.map((e) => e.formattedMessage).join('\n')}`);
  const contract = output.contracts?.['test-token.sol']?.['TestToken'];
  if (!contract) throw new Error('solc produced no TestToken contract');
  const artifact: TokenArtifact = { abi: contract.abi, bytecode: `0x${contract.evm.bytecode.object}` };
  mkdirSync(dirname(cache), { recursive: true });
  writeFileSync(cache, JSON.stringify(artifact));
  return artifact;
}
