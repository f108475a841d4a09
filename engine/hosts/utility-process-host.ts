/**
 * Entry point of the engine inside Electron's utility process. It never imports Electron: the
 * process gives it `process.parentPort`, and each window's MessagePort arrives through it.
 */
import { endpointFromElectronPort, serveOverMessagePort, type ElectronPortLike } from '../api/transport/message-port';
import { createEngine, type Engine } from '../kernel/create-engine';
import { HostSecretStore } from '../secrets/host-secret-store';
import { ENGINE_ENV, type EngineToMainMessage, type MainToEngineMessage } from './utility-process-protocol';

type ParentPort = {
  on(event: 'message', listener: (event: { data: MainToEngineMessage; ports: ElectronPortLike[] }) => void): unknown;
  postMessage(message: EngineToMainMessage): void;
};

function parentPortOf(proc: NodeJS.Process): ParentPort {
  const port: unknown = Reflect.get(proc, 'parentPort');
  if (typeof port !== 'object' || port === null) {
    throw new Error('utility-process-host must run in an Electron utility process (process.parentPort is missing)');
  }
  return port as ParentPort;
}

async function main(): Promise<void> {
  const parent = parentPortOf(process);
  const databasePath = process.env[ENGINE_ENV.databasePath];
  if (!databasePath) {
    parent.postMessage({ type: 'failed', message: `${ENGINE_ENV.databasePath} is not set` });
    return;
  }
  // Exchange keys are kept by main with Electron safeStorage; the engine asks for them by message.
  const secrets = process.env[ENGINE_ENV.desktopSecrets] === '1' ? new HostSecretStore((request) => parent.postMessage(request)) : undefined;
  if (secrets) parent.on('message', (event) => event.data.type === 'secret-reply' && secrets.handleReply(event.data));
  let engine: Engine;
  try {
    engine = createEngine({
      databasePath,
      host: 'desktop',
      nativeBinding: process.env[ENGINE_ENV.sqliteBinding] || undefined,
      ...(secrets ? { secrets: async () => secrets } : {}),
      // Native notifications are shown by main, which can reach Electron's Notification.
      desktopNotifier: { notify: (n) => parent.postMessage({ type: 'notify', title: n.title, body: n.body, severity: n.severity, tag: n.tag }) },
    });
    await engine.kernel.start();
  } catch (error) {
    parent.postMessage({ type: 'failed', message: (error as Error).message });
    return;
  }
  const running = engine;
  parent.on('message', (event) => {
    const message = event.data;
    if (message.type === 'connect-window') {
      const port = event.ports[0];
      if (port) serveOverMessagePort(running.api, endpointFromElectronPort(port));
    } else if (message.type === 'shutdown') {
      void running.kernel.stop().finally(() => {
        parent.postMessage({ type: 'stopped' });
        process.exit(0);
      });
    }
  });
  parent.postMessage({ type: 'ready', engineId: running.info.engineId });
}

void main();
