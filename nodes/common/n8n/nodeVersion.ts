/**
 * The node versions every trigger of this package declares, spread into its description (`...TRIGGER_VERSIONS`).
 *
 * n8n 2.x evaluates the expression `={{$parameter["options"]["binaryData"]}}` for every request to a start node of
 * `typeVersion` 1, to learn whether to leave the body unparsed (n8n `dist/webhooks/webhook-helpers.js`,
 * `parseRequestBody`); that evaluation builds an expression isolate even with `N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE`.
 * Above version 1 it skips the check, parses JSON, text, form and XML bodies itself and keeps the exact bytes in
 * `req.rawBody` (`dist/middlewares/body-parser.js`), which is what the node verifies. New workflows get 1.1.
 * Version 1 stays declared so that workflows saved with it keep loading and receiving deliveries unchanged.
 */
export const TRIGGER_VERSIONS = { version: [1, 1.1], defaultVersion: 1.1 };

/** The versions that still ask n8n to leave the body alone (see `rawBodyParameter`). */
export const RAW_BODY_VERSIONS = [1];
