/** Where handlers read the time. On AWS it is the system clock; the embedded runtime injects a simulated one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};
