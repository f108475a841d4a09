import type { Component } from '../core/component';
import { errorMessage } from '../core/errors';

export type { Component };

export type KernelState = 'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

export class Kernel {
  private readonly components: Component[] = [];
  private started: Component[] = [];
  private currentState: KernelState = 'idle';

  get state(): KernelState {
    return this.currentState;
  }

  add<T extends Component>(component: T): T {
    if (this.currentState !== 'idle') throw new Error(`cannot add ${component.name} to a ${this.currentState} kernel`);
    if (this.components.some((c) => c.name === component.name)) {
      throw new Error(`a component named ${component.name} is already registered`);
    }
    this.components.push(component);
    return component;
  }

  /** Starts every component in order; if one fails, those already started are stopped again. */
  async start(): Promise<void> {
    if (this.currentState !== 'idle') throw new Error(`kernel is ${this.currentState}`);
    this.currentState = 'starting';
    for (const component of this.components) {
      try {
        await component.start?.();
        this.started.push(component);
      } catch (error) {
        await this.stopStarted();
        this.currentState = 'stopped';
        throw new Error(`component ${component.name} failed to start: ${errorMessage(error)}`, { cause: error });
      }
    }
    this.currentState = 'running';
  }

  /** Stops in reverse order; every component gets its stop call even if an earlier one fails. */
  async stop(): Promise<void> {
    if (this.currentState === 'stopped' || this.currentState === 'stopping') return;
    this.currentState = 'stopping';
    const failures = await this.stopStarted();
    this.currentState = 'stopped';
    if (failures.length > 0) {
      throw new AggregateError(failures, `components failed to stop: ${failures.map(errorMessage).join('; ')}`);
    }
  }

  private async stopStarted(): Promise<unknown[]> {
    const failures: unknown[] = [];
    for (const component of [...this.started].reverse()) {
      try {
        await component.stop?.();
      } catch (error) {
        failures.push(error);
      }
    }
    this.started = [];
    return failures;
  }
}
