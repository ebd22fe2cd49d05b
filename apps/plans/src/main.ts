import 'reflect-metadata';
import { runSubgraph } from '@emergency/subgraph';
import { AppModule, DEFAULT_PORT, SERVICE } from './app.module';

runSubgraph(AppModule, SERVICE, DEFAULT_PORT);
