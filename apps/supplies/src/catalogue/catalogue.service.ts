import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SupplyItemAdded, SupplyItemChanged } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loader,
  loaderKey,
  optionalText,
  requiredText,
  requireRole,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { afterKey, readPage, type PageArgs } from '@emergency/paging';
import { write } from '@emergency/subgraph';
import { childClassLength, requiredClassOf, supplyCodeProblem } from './catalogue-rules';
import { CatalogueErrorCode, CatalogueException } from './catalogue.exception';
import { CatalogueRepository } from './catalogue.repository';
import type { SupplyClassEntity } from './supply-class.entity';
import type { SupplyItemEntity } from './supply-item.entity';

export interface SupplyItemFilter {
  classCode?: string | null;
  text?: string | null;
}

export interface AddSupplyItemInput {
  code: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  shelfLifeDays?: number | null;
  official?: boolean | null;
}

export interface ChangeSupplyItemInput {
  code: string;
  nameZh?: string | null;
  nameEn?: string | null;
  unit?: string | null;
  shelfLifeDays?: number | null;
  clearShelfLife?: boolean | null;
}

const SUPPLY_ITEMS = loaderKey<SupplyItemEntity>('SupplyItem');
/** The primary key of `supply_item`: a lost race on an added code. */
const SUPPLY_ITEM_CODE_UNIQUE = 'supply_item_pkey';
const codeKey = (item: SupplyItemEntity) => [item.code];

@Injectable()
export class CatalogueService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: CatalogueRepository,
    private readonly outbox: Outbox,
  ) {}

  /** The item with `code`, or null (the catalogue is public to every caller). */
  async get(ctx: RequestContext, code: string): Promise<SupplyItemEntity | null> {
    if (!/^[0-9]{7}$/.test(code)) return null;
    return loader(
      ctx,
      SUPPLY_ITEMS,
      (codes) => this.repository.findByCodes(codes),
      (i) => i.code,
    ).load(code);
  }

  /** The item with `code`, or SUPPLY_ITEM_NOT_FOUND naming `field`: for features that refer to items. */
  async require(ctx: RequestContext, code: string, field: string): Promise<SupplyItemEntity> {
    const item = await this.get(ctx, code);
    if (!item)
      throw new CatalogueException(
        CatalogueErrorCode.SupplyItemNotFound,
        `no catalogue item has code ${code}`,
        {
          field,
        },
      );
    return item;
  }

  async list(filter: SupplyItemFilter, args: PageArgs) {
    const page = readPage(args);
    const classCode = filter.classCode ?? undefined;
    if (classCode !== undefined && !/^[0-9]{1,7}$/.test(classCode))
      throw badInput('filter.classCode is 1 to 7 digits', 'filter.classCode');
    const text = optionalText(filter.text, 'filter.text', 100) ?? undefined;
    const [after] = afterKey(page, ['text']) ?? [];
    const rows = await this.repository.list({ codePrefix: classCode, text }, page, after);
    return toConnection(rows, page, codeKey);
  }

  classes(parent: string | null | undefined): Promise<SupplyClassEntity[]> {
    const length = childClassLength(parent ?? null);
    if (length === null || (parent && !/^[1-9]([0-9]{2}){0,1}$/.test(parent)))
      throw badInput('parent is a class of 1 or 3 digits, or omitted for the top classes', 'parent');
    return this.repository.classesOfLength(length, parent ?? '');
  }

  async add(ctx: RequestContext, input: AddSupplyItemInput): Promise<SupplyItemEntity> {
    requireRole(ctx, 'admin');
    const problem = supplyCodeProblem(input.code);
    if (problem)
      throw new CatalogueException(CatalogueErrorCode.SupplyCodeInvalid, `${input.code}: ${problem}`, {
        field: 'code',
      });
    const item = {
      code: input.code,
      nameZh: requiredText(input.nameZh, 'nameZh', 200),
      nameEn: requiredText(input.nameEn, 'nameEn', 200),
      unit: requiredText(input.unit, 'unit', 20),
      shelfLifeDays: shelfLife(input.shelfLifeDays),
      official: input.official ?? false,
    };
    const taken = () =>
      new CatalogueException(
        CatalogueErrorCode.SupplyCodeTaken,
        `the catalogue has item ${item.code} already`,
        {
          field: 'code',
        },
      );
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const classCode = requiredClassOf(item.code);
        if (!(await this.repository.classExists(manager, classCode)))
          throw new CatalogueException(
            CatalogueErrorCode.SupplyClassUnknown,
            `code ${item.code} needs class ${classCode}, which the catalogue does not have`,
            { field: 'code', classCode },
          );
        if (await this.repository.lock(manager, item.code)) throw taken();
        const saved = await this.repository.insert(manager, item);
        await this.outbox.publish(manager, SupplyItemAdded, saved.code, itemState(saved), eventContext(ctx));
        return saved;
      },
      {
        constraints: { [SUPPLY_ITEM_CODE_UNIQUE]: taken },
        forgets: (saved) => [{ key: SUPPLY_ITEMS, ids: [saved.code] }],
      },
    );
  }

  async change(ctx: RequestContext, input: ChangeSupplyItemInput): Promise<SupplyItemEntity> {
    requireRole(ctx, 'admin');
    const changes: Partial<SupplyItemEntity> = {};
    if (input.nameZh !== null && input.nameZh !== undefined)
      changes.nameZh = requiredText(input.nameZh, 'nameZh', 200);
    if (input.nameEn !== null && input.nameEn !== undefined)
      changes.nameEn = requiredText(input.nameEn, 'nameEn', 200);
    if (input.unit !== null && input.unit !== undefined) changes.unit = requiredText(input.unit, 'unit', 20);
    if (input.clearShelfLife) {
      if (input.shelfLifeDays !== null && input.shelfLifeDays !== undefined)
        throw badInput('give shelfLifeDays or clearShelfLife, not both', 'shelfLifeDays');
      changes.shelfLifeDays = null;
    } else if (input.shelfLifeDays !== null && input.shelfLifeDays !== undefined)
      changes.shelfLifeDays = shelfLife(input.shelfLifeDays);
    if (!Object.keys(changes).length) throw badInput('names, unit or shelf life is changed', 'code');
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const item = await this.repository.lock(manager, input.code);
        if (!item)
          throw new CatalogueException(
            CatalogueErrorCode.SupplyItemNotFound,
            `no catalogue item has code ${input.code}`,
            { field: 'code' },
          );
        const changed = await this.repository.update(manager, item.code, changes);
        await this.outbox.publish(
          manager,
          SupplyItemChanged,
          changed.code,
          itemState(changed),
          eventContext(ctx),
        );
        return changed;
      },
      { forgets: [{ key: SUPPLY_ITEMS, ids: [input.code] }] },
    );
  }
}

function itemState(item: SupplyItemEntity) {
  return {
    code: item.code,
    nameZh: item.nameZh,
    nameEn: item.nameEn,
    unit: item.unit,
    shelfLifeDays: item.shelfLifeDays,
    official: item.official,
  };
}

function shelfLife(value: number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value < 1 || value > 36_500)
    throw new CatalogueException(
      CatalogueErrorCode.InvalidShelfLife,
      'shelfLifeDays is a whole number from 1 to 36,500',
      { field: 'shelfLifeDays' },
    );
  return value;
}
