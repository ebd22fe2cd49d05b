import type { Feature } from '../feature';
import { GridModule } from './grid.module';

export const GRID_FEATURE: Feature = {
  module: GridModule,
  entities: [],
  migrations: [],
};
