import { Module } from '@nestjs/common';
import { PersonModule } from '../person/person.module';
import { RegionModule } from '../region/region.module';
import { GridRepository } from './grid.repository';
import {
  GridAssignmentResolver,
  PersonGridAssignmentsResolver,
  RegionGridAssignmentsResolver,
} from './grid.resolver';
import { GridService } from './grid.service';

@Module({
  imports: [RegionModule, PersonModule],
  providers: [
    GridRepository,
    GridService,
    GridAssignmentResolver,
    PersonGridAssignmentsResolver,
    RegionGridAssignmentsResolver,
  ],
  exports: [GridService],
})
export class GridModule {}
