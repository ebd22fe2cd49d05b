import { defineFeature } from '@emergency/subgraph';
import { CreatePeople1795444200000 } from '../migrations/1795444200000-CreatePeople';
import { PersonEntity } from './person.entity';
import { PersonModule } from './person.module';

export const PERSON_FEATURE = defineFeature({
  module: PersonModule,
  entities: [PersonEntity],
  migrations: [CreatePeople1795444200000],
});
