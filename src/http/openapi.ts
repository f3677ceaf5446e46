import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API, pathParameter, type Caller, type Operation } from '../shared/api.ts';
import { errorBody } from '../shared/schemas.ts';

type JsonSchema = Record<string, unknown>;

/**
 * Zod 4's own JSON Schema, which is OpenAPI 3.1's schema dialect (2020-12) as is: requests as the
 * server accepts them (`input`: defaults optional), answers as it sends them (`output`).
 */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ERROR: JsonSchema = { $ref: '#/components/schemas/Error' };

const security: Record<Caller, Record<string, string[]>[] | undefined> = {
  person: [{ session: [] }],
  anyone: undefined,
  prometheus: [{ metricsToken: [] }],
  provider: [{ webhookSignature: [] }],
};

const statusText: Record<number, string> = {
  101: 'Switched to the WebSocket protocol',
  200: 'OK',
  201: 'Created',
  204: 'Done, nothing to say',
  303: 'Back to the app',
  400: 'The request is malformed or invalid (VALIDATION_FAILED names the field)',
  401: 'Not signed in, or wrong credentials or token',
  403: 'Known to the caller, but not theirs to do',
  404: 'Unknown, or not the caller’s to know of',
  409: 'The deal’s rules refuse it now',
  413: 'Body too large',
  415: 'Body of an unsupported media type',
  422: 'This Idempotency-Key was used with another body (IDEMPOTENCY_KEY_REUSED)',
  426: 'A plain GET on the WebSocket endpoint',
  429: 'Too many attempts (sign-ins, sign-ups from one address)',
  502: 'The payment provider did not answer',
};

function parameters(operation: Operation): JsonSchema[] {
  const inPath = [...operation.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: jsonSchema(pathParameter(name!), 'input'),
  }));
  if (!operation.query) return inPath;
  const query = jsonSchema(operation.query, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  const inQuery = Object.entries(query.properties).map(([name, schema]) => ({ name, in: 'query', required: query.required?.includes(name) ?? false, schema }));
  return [...inPath, ...inQuery];
}

function responses(operation: Operation): Record<string, JsonSchema> {
  const { ok } = operation;
  const content = ok.json ? { 'application/json': { schema: jsonSchema(ok.json, 'output') } } : ok.type ? { [ok.type]: { schema: { type: 'string' } } } : undefined;
  const answers: Record<string, JsonSchema> = { [ok.status]: { description: statusText[ok.status]!, ...(content && { content }) } };
  // Any body may be refused before the route reads it: too large, of another type, not JSON.
  const errors = new Set([...operation.errors, ...(operation.body ? [400, 413, 415] : [])]);
  const page = operation.tag === 'sandbox checkout';
  for (const status of [...errors].sort()) {
    answers[status] = {
      description: statusText[status]!,
      content: page ? { 'text/html': { schema: { type: 'string' } }, 'application/json': { schema: ERROR } } : { 'application/json': { schema: ERROR } },
    };
  }
  return answers;
}

function documentOperation(operation: Operation): JsonSchema {
  const parameterList = parameters(operation);
  return {
    operationId: `${operation.method.toLowerCase()}${operation.path.replace(/[^A-Za-z0-9]+(\w)?/g, (_m, next: string | undefined) => (next ?? '').toUpperCase())}`,
    summary: operation.summary,
    tags: [operation.tag],
    ...(security[operation.caller] && { security: security[operation.caller] }),
    ...(parameterList.length > 0 && { parameters: parameterList }),
    ...(operation.body && {
      requestBody: { required: true, content: { [operation.bodyType ?? 'application/json']: { schema: jsonSchema(operation.body, 'input') } } },
    }),
    responses: responses(operation),
  };
}

/** The OpenAPI 3.1 document of every route (src/shared/api.ts), addressed at `publicUrl`. */
export function openApiDocument(publicUrl: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const operation of API) {
    const path = operation.path.replace(/:(\w+)/g, '{$1}');
    (paths[path] ??= {})[operation.method.toLowerCase()] = documentOperation(operation);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Accord',
      version: '1',
      description:
        'The HTTP API of Accord, generated from the Zod schemas the server parses requests with and the web app checks answers with. Every refusal is `{ error: { code, message, requestId } }`; `requestId` finds the request in the logs.',
    },
    servers: [{ url: publicUrl }],
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'accord_session', description: 'Set by register and login (HttpOnly).' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'METRICS_TOKEN.' },
        webhookSignature: { type: 'apiKey', in: 'header', name: 'Stripe-Signature', description: 'HMAC-SHA256 over `timestamp.body` (Stripe’s format; the sandbox signs alike).' },
      },
    },
  };
}

const swaggerUi = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** Swagger UI's page: its files only, and a file to start it, as the CSP allows no inline script; no icon (else a 404 for /favicon.ico). */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Accord API</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/docs.js"></script></body>
</html>
`;
const DOCS_START = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null });\n`;

/** `/api/openapi.json` and its page, `/api/docs`. */
export async function registerApiDocs(app: FastifyInstance, publicUrl: string): Promise<void> {
  const document = JSON.stringify(openApiDocument(publicUrl));
  const [css, bundle] = await Promise.all([readFile(join(swaggerUi, 'swagger-ui.css'), 'utf8'), readFile(join(swaggerUi, 'swagger-ui-bundle.js'), 'utf8')]);
  const asset = (path: string, type: string, body: string) =>
    app.get(path, (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=3600').send(body));

  app.get('/api/openapi.json', (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
  app.get('/api/docs', (_request, reply) => reply.type('text/html; charset=utf-8').send(DOCS_PAGE));
  asset('/api/docs/swagger-ui.css', 'text/css; charset=utf-8', css);
  asset('/api/docs/swagger-ui-bundle.js', 'text/javascript; charset=utf-8', bundle);
  asset('/api/docs/docs.js', 'text/javascript; charset=utf-8', DOCS_START);
}
