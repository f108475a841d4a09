import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/** The architecture's import rules, checked by linting small snippets as if they lived at these paths. */
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer rules', () => {
  it('keep Electron and the renderer out of the engine', async () => {
    expect(await layerErrors('engine/data/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toHaveLength(1);
    expect(await layerErrors('engine/api/x.ts', "import { A } from '../../renderer/src/app/app';\nexport const a = A;\n")).toHaveLength(1);
    expect(await layerErrors('engine/kernel/x.ts', "import { Kernel } from './kernel';\nexport const k = Kernel;\n")).toEqual([]);
  });

  it('keep engine/core free of other engine imports and point model inward', async () => {
    expect(await layerErrors('engine/core/x.ts', "import { Db } from '../store/database';\nexport const d = Db;\n")).toHaveLength(1);
    expect(await layerErrors('engine/model/x.ts', "import { K } from '../kernel/kernel';\nexport const k = K;\n")).toHaveLength(1);
    expect(await layerErrors('engine/model/x.ts', "import { E } from '../core/errors';\nexport const e = E;\n")).toEqual([]);
    expect(await layerErrors('engine/store/x.ts', "import { A } from '../api/api-server';\nexport const a = A;\n")).toHaveLength(1);
  });

  it('keep the engines (indicators, strategy, regime, ranking, signals, …) below the kernel and the API', async () => {
    expect(await layerErrors('engine/strategy/x.ts', "import { K } from '../kernel/kernel';\nexport const k = K;\n")).toHaveLength(1);
    expect(await layerErrors('engine/regime/hmm/x.ts', "import { A } from '../../api/api-server';\nexport const a = A;\n")).toHaveLength(1);
    expect(await layerErrors('engine/ranking/x.ts', "import { S } from '../strategy/replay';\nexport const s = S;\n")).toEqual([]);
    expect(await layerErrors('engine/model/x.ts', "import { F } from '../features/feature-vector';\nexport const f = F;\n")).toHaveLength(1);
  });

  it('let the renderer import only types from engine/api/types', async () => {
    const file = 'renderer/src/x.ts';
    expect(await layerErrors(file, "import type { EngineApi } from '../../engine/api/types';\nexport type A = EngineApi;\n")).toEqual([]);
    expect(await layerErrors(file, "import { ApiServer } from '../../engine/api/api-server';\nexport const a = ApiServer;\n")).toHaveLength(1);
    expect(await layerErrors(file, "import type { Db } from '../../engine/store/database';\nexport type D = Db;\n")).toHaveLength(1);
    expect(await layerErrors(file, "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n")).toHaveLength(1);
  });

  it('let the preload import only electron/shared', async () => {
    const file = 'electron/preload/x.ts';
    expect(await layerErrors(file, "import { CHANNELS } from '../shared/channels';\nexport const c = CHANNELS;\n")).toEqual([]);
    expect(await layerErrors(file, "import { createWindow } from '../main/windows';\nexport const c = createWindow;\n")).toHaveLength(1);
    expect(await layerErrors(file, "import { Kernel } from '../../engine/kernel/kernel';\nexport const k = Kernel;\n")).toHaveLength(1);
  });
});
