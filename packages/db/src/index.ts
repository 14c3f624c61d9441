export * from './generated/client.ts';
export * from './client.ts';
export * from './errors.ts';
export * from './raw-sql.ts';
export * from './transaction.ts';
export * from './sealed-fields.ts';
