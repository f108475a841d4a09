import { spawn, type ChildProcess } from 'node:child_process';

export type RunningProcess = { readonly child: ChildProcess; readonly output: string; stop(): Promise<void> };

/**
 * Starts a Node program from the built dist/ and waits for the line that says it is ready;
 * returns that line's first capture.
 */
export async function startProcess(args: readonly string[], ready: RegExp): Promise<{ process: RunningProcess; match: string }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const match = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = ready.exec(output);
      if (found?.[1]) resolve(found[1]);
    });
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${output}`)));
  });
  return {
    match,
    process: {
      child,
      get output() {
        return output;
      },
      stop: async () => {
        if (child.exitCode !== null) return;
        child.kill('SIGTERM');
        await new Promise((resolve) => child.once('exit', resolve));
      },
    },
  };
}

/** The Bybit emulator as its own process, so serving it does not share the engine's core. */
export async function startEmulatorProcess(args: readonly string[]): Promise<{ emulator: RunningProcess; restUrl: string }> {
  const { process: emulator, match } = await startProcess(['dist/cli/bybit-emulator.js', '--port', '0', ...args], /emulator on (http:\/\/\S+)/);
  return { emulator, restUrl: match };
}
