import { SecretStoreError, type SecretStore } from './secret-store';

export type HostSecretRequest = { readonly type: 'secret-request'; readonly id: number; readonly op: 'get' | 'set' | 'remove'; readonly name: string; readonly value?: string };
export type HostSecretReply = { readonly type: 'secret-reply'; readonly id: number; readonly ok: boolean; readonly value?: string; readonly removed?: boolean; readonly error?: string };

type Waiting = { resolve: (reply: HostSecretReply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * The engine's side of a secret store its host keeps: in the desktop app, main holds the keys with
 * Electron safeStorage and the engine (in a utility process, without Electron) asks for them by message.
 */
export class HostSecretStore implements SecretStore {
  readonly kind = 'safe-storage';
  readonly location = "the desktop app's keychain (Electron safeStorage)";
  readonly writable = true;
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;

  constructor(
    private readonly send: (request: HostSecretRequest) => void,
    private readonly timeoutMs = 10_000,
  ) {}

  /** Feeds the host's answers in; an answer to nothing asked is ignored. */
  handleReply(reply: HostSecretReply): void {
    const waiting = this.waiting.get(reply.id);
    if (!waiting) return;
    this.waiting.delete(reply.id);
    clearTimeout(waiting.timer);
    waiting.resolve(reply);
  }

  async get(name: string): Promise<string | undefined> {
    return (await this.ask('get', name)).value;
  }

  async set(name: string, value: string): Promise<void> {
    await this.ask('set', name, value);
  }

  async remove(name: string): Promise<boolean> {
    return (await this.ask('remove', name)).removed === true;
  }

  private async ask(op: HostSecretRequest['op'], name: string, value?: string): Promise<HostSecretReply> {
    const id = this.nextId++;
    const reply = await new Promise<HostSecretReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new SecretStoreError('the desktop app did not answer a request for the keys'));
      }, this.timeoutMs);
      this.waiting.set(id, { resolve, reject, timer });
      this.send({ type: 'secret-request', id, op, name, ...(value === undefined ? {} : { value }) });
    });
    if (!reply.ok) throw new SecretStoreError(reply.error ?? 'the desktop app could not reach its keychain');
    return reply;
  }
}
