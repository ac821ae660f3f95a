// The 1688 response schemas in one import: tolerant of the platform's quirks, producing domain types.
export * from './schemas/common.js';
export * from './schemas/product.js';
export * from './schemas/order.js';
export * from './schemas/logistics.js';
export * from './schemas/push.js';
export * from './schemas/oauth.js';
