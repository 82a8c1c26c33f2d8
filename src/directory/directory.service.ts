import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SqlRunner } from '../database/sql-runner.js';
import { Organisation, organisationNameKey, type OrganisationKind } from './organisation.entity.js';
import { Person, personKey } from './person.entity.js';

/** What a capability knows about an organisation it names. Only `name` is required. */
export interface OrganisationInput {
  name: string;
  nameEn?: string | null;
  shortName?: string | null;
  shortNameEn?: string | null;
  /** Unknown when not given: a new organisation is then `other` until someone says more. */
  kind?: OrganisationKind | null;
  region?: string | null;
  regionEn?: string | null;
  description?: string | null;
  descriptionEn?: string | null;
}

/** What a capability knows about a person it names. Only `name` is required. */
export interface PersonInput {
  name: string;
  nameEn?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  titleEn?: string | null;
  organisationId?: number | null;
}

const ORGANISATION_PROFILE = [
  'nameEn',
  'shortName',
  'shortNameEn',
  'region',
  'regionEn',
  'description',
  'descriptionEn',
] as const;
const PERSON_PROFILE = ['nameEn', 'phone', 'title', 'titleEn', 'organisationId'] as const;

/**
 * The one rule by which every capability (registration, agenda, the demo, the organisations API) finds or adds
 * organisations and people.
 *
 * - An organisation is the organisation of the same normalised name (`organisationNameKey`: NFKC, folded spaces,
 *   lower case). A person is the person of the same email (case-insensitive), or, with no email, of the same
 *   normalised name in the same organisation (`personKey`).
 * - New records are inserted with insert-or-ignore on the unique key (the row written is known, so it is read back only
 *   when the insert was ignored): two transactions resolving the same new record at once end with one row and no
 *   error, on SQLite and PostgreSQL alike.
 * - An existing record is only completed, never corrected: empty fields are filled (and an organisation of kind
 *   `other` gets the kind given), but a non-empty field, the name above all, is never overwritten by another
 *   spelling. A registration therefore cannot rename a speaker on the programme, and one session's form cannot
 *   rename a person on every other session; corrections are an explicit edit of the record.
 *
 * Every method works inside the caller's transaction (`EntityManager`) and never starts its own.
 */
@Injectable()
export class DirectoryService {
  async resolveOrganisationIn(
    em: EntityManager,
    input: OrganisationInput,
  ): Promise<{ organisation: Organisation; created: boolean }> {
    const name = input.name.trim();
    const nameKey = organisationNameKey(name);
    const run = SqlRunner.of(em.connection);
    const existing = await run.selectOne(em, Organisation, 'WHERE "nameKey" = $1', [nameKey]);
    if (existing) return { organisation: await this.completeOrganisation(em, existing, input), created: false };
    const now = new Date();
    const values = {
      name,
      nameKey,
      kind: input.kind ?? 'other',
      ...(Object.fromEntries(ORGANISATION_PROFILE.map((key) => [key, clean(input[key])])) as Pick<
        Organisation,
        (typeof ORGANISATION_PROFILE)[number]
      >),
      createdAt: now,
      updatedAt: now,
    };
    // The row written is known: it is not read back.
    const id = await run.insert(em, Organisation, values, { orIgnore: true });
    if (id !== undefined) return { organisation: Object.assign(new Organisation(), { id, ...values }), created: true };
    // Another transaction added it between our look-up and our insert: theirs is the record; complete it.
    const organisation = await em.findOneByOrFail(Organisation, { nameKey });
    return { organisation: await this.completeOrganisation(em, organisation, input), created: false };
  }

  async resolvePersonIn(em: EntityManager, input: PersonInput): Promise<{ person: Person; created: boolean }> {
    const name = input.name.trim();
    const email = clean(input.email)?.toLowerCase() ?? null;
    const key = personKey({ name, email, organisationId: input.organisationId });
    const run = SqlRunner.of(em.connection);
    const existing = await run.selectOne(em, Person, 'WHERE "personKey" = $1', [key]);
    if (existing) return { person: await this.completePerson(em, existing, input), created: false };
    const values = {
      name,
      email,
      personKey: key,
      ...(Object.fromEntries(PERSON_PROFILE.map((field) => [field, clean(input[field])])) as Pick<
        Person,
        (typeof PERSON_PROFILE)[number]
      >),
      createdAt: new Date(),
    };
    const id = await run.insert(em, Person, values, { orIgnore: true });
    if (id !== undefined) return { person: Object.assign(new Person(), { id, ...values }), created: true };
    const person = await em.findOneByOrFail(Person, { personKey: key });
    return { person: await this.completePerson(em, person, input), created: false };
  }

  /** Fills the organisation's empty fields from the input, in one conditional update (never overwrites). */
  private async completeOrganisation(
    em: EntityManager,
    organisation: Organisation,
    input: OrganisationInput,
  ): Promise<Organisation> {
    const fills = ORGANISATION_PROFILE.filter((key) => organisation[key] === null && clean(input[key]) !== null);
    const kind = organisation.kind === 'other' && input.kind && input.kind !== 'other' ? input.kind : null;
    if (!fills.length && !kind) return organisation;
    const qb = em.createQueryBuilder().update(Organisation);
    const set: Record<string, () => string> = {};
    const params: Record<string, unknown> = { id: organisation.id };
    for (const key of fills) {
      set[key] = () => `COALESCE("${key}", :${key})`;
      params[key] = clean(input[key]);
    }
    if (kind) {
      set.kind = () => `CASE WHEN "kind" = 'other' THEN :kind ELSE "kind" END`;
      params.kind = kind;
    }
    await qb.set(set).where('id = :id').setParameters(params).execute();
    return em.findOneByOrFail(Organisation, { id: organisation.id });
  }

  /** Fills the person's empty fields from the input, in one conditional update (never renames). */
  private async completePerson(em: EntityManager, person: Person, input: PersonInput): Promise<Person> {
    const fills = PERSON_PROFILE.filter((key) => person[key] === null && clean(input[key]) !== null);
    if (!fills.length) return person;
    const set: Record<string, () => string> = {};
    const params: Record<string, unknown> = { id: person.id };
    for (const key of fills) {
      set[key] = () => `COALESCE("${key}", :${key})`;
      params[key] = clean(input[key]);
    }
    await em.createQueryBuilder().update(Person).set(set).where('id = :id').setParameters(params).execute();
    return em.findOneByOrFail(Person, { id: person.id });
  }
}

/** A trimmed value, or null for nothing (undefined, null, blank). */
function clean<T extends string | number | null | undefined>(value: T): Exclude<T, undefined> | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return (value.trim() || null) as Exclude<T, undefined> | null;
  return value as Exclude<T, undefined>;
}
