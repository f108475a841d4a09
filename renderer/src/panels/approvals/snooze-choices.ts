/** The snoozes a trader picks from; the engine takes 1 to 1,440 minutes. */
export const SNOOZE_CHOICES = [
  { minutes: 5, label: '5 min' },
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 h' },
  { minutes: 240, label: '4 h' },
] as const;

export type SnoozeMinutes = (typeof SNOOZE_CHOICES)[number]['minutes'];

/** The engine's own default: a snooze the trader did not time lasts five minutes. */
export const DEFAULT_SNOOZE_MINUTES: SnoozeMinutes = 5;

export function snoozeLabel(minutes: SnoozeMinutes): string {
  return SNOOZE_CHOICES.find((choice) => choice.minutes === minutes)?.label ?? `${minutes} min`;
}

export function isSnoozeMinutes(value: number): value is SnoozeMinutes {
  return SNOOZE_CHOICES.some((choice) => choice.minutes === value);
}
