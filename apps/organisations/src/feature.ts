import type { Type } from '@nestjs/common';

/** What a feature folder adds to the service: its Nest module, its TypeORM entities and its migrations. */
export interface Feature {
  module: Type<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
}
