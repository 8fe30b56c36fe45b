import { Controller, Get, Param } from '@nestjs/common';
import { Access } from '@cx/auth';
import { MessageValidator } from '@cx/validation';
import { problems } from '../problem';

/** The schema registry: the standard the exchange enforces, as JSON Schema 2020-12. */
@Access('participant', 'admin')
@Controller('v1/schemas')
export class SchemasController {
  constructor(private readonly validator: MessageValidator) {}

  @Get()
  list() {
    return this.validator.registry.list().map(({ type, version, $id }) => ({ type, version, $id }));
  }

  @Get(':type/:version')
  get(@Param('type') type: string, @Param('version') version: string) {
    if (type === 'envelope') return this.validator.registry.envelope;
    const unsupported = this.validator.registry.unsupported(type, version);
    const schema = this.validator.registry.get(type, version);
    if (unsupported || !schema) {
      const violation = unsupported ?? {
        path: '',
        message: `no schema for ${type} ${version}`,
        rule: 'type.supported',
      };
      throw problems.invalid(violation.message, [violation]);
    }
    return schema;
  }
}
