/** The time as the job runner and its handlers see it; tests pass their own to move time. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
