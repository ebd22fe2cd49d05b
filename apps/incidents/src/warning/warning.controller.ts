import { Controller, Get, Param, ParseIntPipe, Res } from '@nestjs/common';
import type { Response } from 'express';
import { WarningService } from './warning.service';

const CAP_CONTENT_TYPE = 'application/cap+xml; charset=utf-8';

/**
 * Warnings are public (ERL art. 65): their CAP 1.2 documents are served over plain HTTP, beside the GraphQL
 * endpoint and without the gateway's identity, for other agencies and release platforms to fetch. 404 (JSON) for
 * an identifier or message number that names nothing.
 */
@Controller('warnings')
export class WarningCapController {
  constructor(private readonly warnings: WarningService) {}

  /** The newest message of the warning whose (first message's) identifier is `identifier`. */
  @Get(':identifier/cap.xml')
  async newest(@Param('identifier') identifier: string, @Res({ passthrough: true }) res: Response) {
    return cap(res, await this.warnings.publicCap(identifier));
  }

  /** Its message `n` (1 for the first). */
  @Get(':identifier/messages/:n/cap.xml')
  async message(
    @Param('identifier') identifier: string,
    @Param('n', ParseIntPipe) n: number,
    @Res({ passthrough: true }) res: Response,
  ) {
    return cap(res, await this.warnings.publicCap(identifier, n));
  }
}

function cap(res: Response, xml: string | null): string {
  if (xml === null) {
    res.status(404).setHeader('content-type', 'application/json; charset=utf-8');
    return JSON.stringify({ error: 'no such warning message' });
  }
  res.setHeader('content-type', CAP_CONTENT_TYPE);
  return xml;
}
