import { Args, Context, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, requiredUuid, type RequestContext } from '@emergency/graphql';
import { yuanOf, type AnnouncementSection } from './announcement-rules';
import { AnnouncementService, type AnnouncementModel, type FigureModel } from './announcement.service';

@Resolver('Query')
export class AnnouncementQueryResolver {
  constructor(private readonly announcements: AnnouncementService) {}

  @Query('disasterAnnouncement')
  disasterAnnouncement(
    @Args('incidentId') incidentId: string,
    @Args('asOf') asOf: Date | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.announcements.announcement(ctx, requiredUuid(incidentId, 'incidentId'), asOf ?? undefined);
  }

  @Query('publicDisasterAnnouncement')
  publicDisasterAnnouncement(@Args('incidentId') incidentId: string, @Args('asOf') asOf: Date | undefined) {
    return this.announcements.publicAnnouncement(requiredUuid(incidentId, 'incidentId'), asOf ?? undefined);
  }
}

/** The fields the auditors' table and the published one share. */
abstract class TableFields {
  constructor(protected readonly announcements: AnnouncementService) {}

  @ResolveField('incident')
  incident(@Parent() model: AnnouncementModel) {
    return entityRef('Incident', model.scope.incidentId);
  }

  @ResolveField('asOf')
  asOf(@Parent() model: AnnouncementModel) {
    return model.scope.asOf;
  }

  @ResolveField('figures')
  figures(@Parent() model: AnnouncementModel, @Args('section') section: AnnouncementSection | undefined) {
    return section ? model.figures.filter((f) => f.cell.section === section) : model.figures;
  }

  @ResolveField('figure')
  figure(@Parent() model: AnnouncementModel, @Args('key') key: string) {
    return model.figures.find((f) => f.cell.key === key) ?? null;
  }

  @ResolveField('csv')
  csv(@Parent() model: AnnouncementModel) {
    return this.announcements.csv(model);
  }

  @ResolveField('json')
  json(@Parent() model: AnnouncementModel) {
    return this.announcements.json(model);
  }
}

@Resolver('DisasterAnnouncement')
export class DisasterAnnouncementResolver extends TableFields {
  constructor(announcements: AnnouncementService) {
    super(announcements);
  }
}

@Resolver('PublicDisasterAnnouncement')
export class PublicDisasterAnnouncementResolver extends TableFields {
  constructor(announcements: AnnouncementService) {
    super(announcements);
  }
}

/** The fields every figure has. */
abstract class FigureFields {
  @ResolveField('key')
  key(@Parent() figure: FigureModel) {
    return figure.cell.key;
  }

  @ResolveField('section')
  section(@Parent() figure: FigureModel) {
    return figure.cell.section;
  }

  @ResolveField('item')
  item(@Parent() figure: FigureModel) {
    return figure.cell.zh;
  }

  @ResolveField('itemEn')
  itemEn(@Parent() figure: FigureModel) {
    return figure.cell.en;
  }

  @ResolveField('organisation')
  organisation(@Parent() figure: FigureModel) {
    return entityRef('Organisation', figure.cell.kind === 'MONEY' ? figure.cell.organisationId : null);
  }

  @ResolveField('amountYuan')
  amountYuan(@Parent() figure: FigureModel) {
    return yuanOf(figure.amountFen);
  }
}

@Resolver('AnnouncementFigure')
export class AnnouncementFigureResolver extends FigureFields {
  constructor(private readonly announcements: AnnouncementService) {
    super();
  }

  @ResolveField('flows')
  flows(
    @Parent() figure: FigureModel,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
  ) {
    return this.announcements.flowsOf(figure, { first, after });
  }

  @ResolveField('findings')
  findings(
    @Parent() figure: FigureModel,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
  ) {
    return this.announcements.findingsOf(figure, { first, after });
  }
}

@Resolver('PublicAnnouncementFigure')
export class PublicAnnouncementFigureResolver extends FigureFields {}
