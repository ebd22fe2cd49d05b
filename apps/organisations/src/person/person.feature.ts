import type { Feature } from '../feature';
import { CreatePeople1795444200000 } from '../migrations/1795444200000-CreatePeople';
import { PersonEntity } from './person.entity';
import { PersonModule } from './person.module';

export const PERSON_FEATURE: Feature = {
  module: PersonModule,
  entities: [PersonEntity],
  migrations: [CreatePeople1795444200000],
};
