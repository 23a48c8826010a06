import { Hono } from 'hono';
import type { AppDeps } from '../../deps.ts';
import { readIdParam, requireActor, type AppEnv } from '../../http/context.ts';
import { exportEscalationDocx } from './escalation-docx.ts';
import { exportPlanDocument } from './export-plan-document.ts';

/** Streams the file with its Chinese name (RFC 5987 `filename*`, plus a plain ASCII fallback for old clients). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** GET /api/plans/:id/export?kind=tasks|bulletin|summary&format=xlsx|docx&period=2023-06 */
export function documentsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/:id/export', async (c) => {
    const actor = requireActor(c);
    const doc = await exportPlanDocument(deps, actor, readIdParam(c), {
      kind: c.req.query('kind'),
      format: c.req.query('format'),
      period: c.req.query('period'),
      redHeader: c.req.query('redHeader'),
      docNumber: c.req.query('docNumber'),
    });
    c.header('content-type', doc.mime);
    c.header('content-disposition', contentDisposition(doc.fileName));
    c.header('cache-control', 'no-store');
    return c.body(doc.bytes as Uint8Array<ArrayBuffer>);
  });
}

/** GET /api/chases/:id/document.docx — a numbered 督办单 as a printable official document. */
export function escalationDocumentRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/:id/document.docx', async (c) => {
    const doc = await exportEscalationDocx(deps, requireActor(c), readIdParam(c));
    c.header('content-type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    c.header('content-disposition', contentDisposition(doc.fileName));
    c.header('cache-control', 'no-store');
    return c.body(doc.bytes as Uint8Array<ArrayBuffer>);
  });
}
