import { Controller, Get, Header, Inject } from '@nestjs/common';
import { Access } from '@cx/auth';
import { SETTINGS, Settings } from '@cx/config';
import { openApiDocument } from './openapi';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** `/docs`: the API reference as a self-contained page (no assets from the internet), and the OpenAPI document. */
@Access('public')
@Controller('docs')
export class DocsController {
  private readonly document: ReturnType<typeof openApiDocument>;

  constructor(@Inject(SETTINGS) settings: Settings) {
    this.document = openApiDocument(`http://${settings.host}:${settings.ports.gateway}`);
  }

  @Get('openapi.json')
  openapi() {
    return this.document;
  }

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    const rows = Object.entries(this.document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => {
        const o = op as {
          summary: string;
          description: string;
          responses: Record<string, { description: string }>;
        };
        const codes = Object.entries(o.responses)
          .map(([c, r]) => `<li><code>${c}</code> ${escape(r.description)}</li>`)
          .join('');
        return `<section><h3><code>${method.toUpperCase()} ${escape(path)}</code></h3><p>${escape(o.summary)}. ${escape(o.description)}</p><ul>${codes}</ul></section>`;
      }),
    );
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Corridor Exchange API</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b2733}
h3{margin:1.5rem 0 .25rem;font-size:1rem}code{background:#eef2f6;padding:0 .25rem;border-radius:3px}section{border-top:1px solid #dde3ea}</style>
</head><body><h1>Corridor Exchange API</h1><p>${escape(this.document.info.description)} Machine-readable: <a href="/docs/openapi.json">openapi.json</a>.
Errors are <code>application/problem+json</code> (RFC 9457).</p>${rows.join('\n')}</body></html>`;
  }
}
