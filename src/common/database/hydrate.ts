import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

const selectLists = new Map<string, string>();

/** `alias.column, …` for every selectable column of an entity (what find() would select), for raw statements. */
export function entityColumns(
  manager: EntityManager,
  target: EntityTarget<ObjectLiteral>,
  alias: string,
): string {
  const metadata = manager.connection.getMetadata(target);
  const key = `${metadata.tableName}|${alias}`;
  let list = selectLists.get(key);
  if (list === undefined) {
    list = metadata.columns
      .filter((column) => column.isSelect)
      .map((column) => `${alias}.${column.databaseName}`)
      .join(', ');
    selectLists.set(key, list);
  }
  return list;
}

/** Turns a raw row into an entity the way find() does (column names, types, transformers). */
export function hydrate<T extends ObjectLiteral>(
  manager: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const metadata = manager.connection.getMetadata(target);
  const entity = metadata.create() as T;
  for (const column of metadata.columns) {
    if (!column.isSelect || !(column.databaseName in row)) continue;
    column.setEntityValue(
      entity,
      manager.connection.driver.prepareHydratedValue(row[column.databaseName], column),
    );
  }
  return entity;
}
