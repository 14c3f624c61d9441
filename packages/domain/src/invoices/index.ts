export * from './amounts.ts';
export * from './numbering.ts';
export * from './find-invoice.ts';
export * from './list-invoices.ts';
export * from './create-invoice.ts';
export * from './transition-invoice.ts';
export * from './delete-invoice.ts';
export * from './rounding.ts';
