export * from './messages.ts';
export * from './deliver.ts';
export * from './notify-time-entry-created.ts';
export * from './notify-invoice-ready.ts';
export * from './notify-reauth-required.ts';
export * from './daily-summary.ts';
