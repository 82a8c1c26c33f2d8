import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OrganisationKind } from '../directory/organisation.entity.js';
import { DirectoryService } from '../directory/directory.service.js';

export interface PartiesInput {
  organisation: string;
  organisationKind: OrganisationKind;
  contactName?: string | null;
  contactEmail?: string | null;
  contactPhone?: string | null;
}

/**
 * Where the libraries meet the directory: an item's organisation (by normalised name) and its contact person (by
 * email, else by name within the organisation). Both go through the directory's one rule (DirectoryService).
 */
@Injectable()
export class LibraryContacts {
  constructor(@Inject(DirectoryService) private readonly directory: DirectoryService) {}

  async resolveIn(
    em: EntityManager,
    input: PartiesInput,
  ): Promise<{ organisationId: number; personId: number | null }> {
    const { organisation } = await this.directory.resolveOrganisationIn(em, {
      name: input.organisation,
      kind: input.organisationKind,
    });
    const name = input.contactName?.trim();
    const email = input.contactEmail?.trim() || null;
    if (!name && !email) return { organisationId: organisation.id, personId: null };
    const { person } = await this.directory.resolvePersonIn(em, {
      name: name || email!,
      email,
      phone: input.contactPhone?.trim() || null,
      organisationId: organisation.id,
    });
    return { organisationId: organisation.id, personId: person.id };
  }
}
