import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganisationKind } from '../directory/organisation.entity.js';
import { OrganisationsService } from '../directory/organisations.service.js';
import { Person } from '../directory/person.entity.js';

export interface PartiesInput {
  organisation: string;
  organisationKind: OrganisationKind;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
}

/**
 * Where the libraries meet the directory: an item's organisation (by normalised name) and its contact person (by
 * email, else by name within the organisation). Kept in one method so that it moves to the directory's own
 * resolution service in one place.
 */
@Injectable()
export class LibraryContacts {
  constructor(@Inject(OrganisationsService) private readonly organisations: OrganisationsService) {}

  async resolveIn(
    em: EntityManager,
    input: PartiesInput,
  ): Promise<{ organisationId: number; personId: number | null }> {
    const { organisation } = await this.organisations.findOrCreateIn(em, {
      name: input.organisation,
      kind: input.organisationKind,
    });
    const name = input.contactName?.trim();
    const email = input.contactEmail?.trim().toLowerCase() || null;
    if (!name && !email) return { organisationId: organisation.id, personId: null };
    const existing = email
      ? await em.findOne(Person, { where: { email }, order: { id: 'ASC' } })
      : await em.findOne(Person, { where: { name, organisationId: organisation.id }, order: { id: 'ASC' } });
    if (existing) {
      if (input.contactPhone && !existing.phone) {
        existing.phone = input.contactPhone.trim();
        await em.save(existing);
      }
      return { organisationId: organisation.id, personId: existing.id };
    }
    const person = await em.save(
      em.create(Person, {
        name: name || email!,
        email,
        phone: input.contactPhone?.trim() || null,
        organisationId: organisation.id,
      }),
    );
    return { organisationId: organisation.id, personId: person.id };
  }
}
