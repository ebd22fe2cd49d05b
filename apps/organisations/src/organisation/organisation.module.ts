import { Module } from '@nestjs/common';
import { OrganisationRepository } from './organisation.repository';
import { OrganisationResolver } from './organisation.resolver';
import { OrganisationService } from './organisation.service';

@Module({ providers: [OrganisationRepository, OrganisationService, OrganisationResolver] })
export class OrganisationModule {}
