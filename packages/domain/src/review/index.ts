export * from './rules.ts';
export * from './suggest.ts';
export * from './waiting.ts';
export * from './list-review.ts';
export * from './accept-meetings.ts';
export * from './dismiss-meetings.ts';
export * from './undo-auto-entries.ts';
export * from './auto-convert.ts';
