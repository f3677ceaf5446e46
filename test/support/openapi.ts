import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { openApiDocument } from '../../src/http/openapi.ts';

type JsonSchema = Record<string, unknown>;
interface DocumentedResponse {
  content?: Record<string, { schema: JsonSchema }>;
}

/**
 * Checks HTTP answers against the OpenAPI document the app serves: the status must be one the
 * operation documents, and a JSON body must match that status's schema (JSON Schema 2020-12, the
 * dialect OpenAPI 3.1 uses, so Ajv reads it as is).
 */
export class ContractChecker {
  readonly document = openApiDocument('http://localhost') as { paths: Record<string, Record<string, { responses: Record<string, DocumentedResponse> }>>; components: { schemas: Record<string, JsonSchema> } };
  private readonly ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
  private readonly compiled = new Map<string, ValidateFunction>();
  /** Operation and status of every answer checked: what the contract tests covered. */
  readonly covered = new Set<string>();

  /** The schema with the document's components in place of their `$ref`s (pointers into the document, not into the schema). */
  private inline(schema: unknown): unknown {
    if (Array.isArray(schema)) return schema.map((item) => this.inline(item));
    if (typeof schema !== 'object' || schema === null) return schema;
    const ref = (schema as { $ref?: unknown }).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return this.inline(this.document.components.schemas[ref.slice(21)]);
    return Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, this.inline(value)]));
  }

  /** `pattern` is Fastify's (`/api/offres/:id/accept`). Throws naming the operation and what differs. */
  check(method: string, pattern: string, response: LightMyRequestResponse): void {
    const operation = this.document.paths[pattern.replace(/:(\w+)/g, '{$1}')]?.[method.toLowerCase()];
    const where = `${method} ${pattern} → ${response.statusCode}`;
    if (!operation) throw new Error(`${method} ${pattern} is not documented`);
    const documented = operation.responses[String(response.statusCode)];
    if (!documented) throw new Error(`${where}: status not documented (${Object.keys(operation.responses).join(', ')}): ${response.body}`);
    this.covered.add(`${method} ${pattern} ${response.statusCode}`);
    const type = String(response.headers['content-type'] ?? '').split(';')[0]!;
    const schema = documented.content?.[type]?.schema;
    if (!documented.content) {
      if (response.body !== '') throw new Error(`${where}: documented without a body, answered ${response.body}`);
      return;
    }
    if (!schema) throw new Error(`${where}: media type ${type} not documented (${Object.keys(documented.content).join(', ')})`);
    if (type !== 'application/json') return;
    const key = `${where} ${type}`;
    const validate = this.compiled.get(key) ?? this.ajv.compile(this.inline(schema) as JsonSchema);
    this.compiled.set(key, validate);
    if (!validate(response.json())) throw new Error(`${where}: body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${response.body}`);
  }
}
