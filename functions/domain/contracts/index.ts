/**
 * The public contracts of stille: event details, the message record, the scenario file and the
 * `stille simulate` report, as zod schemas with their types. See docs/contracts.md.
 */
export * from './bounds.ts';
export * from './campaigns.ts';
export * from './common.ts';
export * from './event-names.ts';
export * from './events.ts';
export * from './field-errors.ts';
export * from './message-requested.ts';
export * from './messages.ts';
export * from './retention.ts';
export * from './routed-events.ts';
export * from './scenario.ts';
