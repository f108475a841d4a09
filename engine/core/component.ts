/** Something the kernel owns: started in registration order, stopped in reverse. Engines build them; the kernel runs them. */
export type Component = {
  readonly name: string;
  start?(): void | Promise<void>;
  stop?(): void | Promise<void>;
};
