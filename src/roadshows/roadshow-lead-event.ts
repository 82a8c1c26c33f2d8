import type { EntityManager } from 'typeorm';
import type { RoadshowLeadEvent } from '../common/domain-events.js';
import { Registration } from '../registration/registration.entity.js';
import { RoadshowLead } from './roadshow-lead.entity.js';
import { RoadshowProject } from './roadshow-project.entity.js';

/** The announcement of a lead (ROADSHOW_LEAD), from the lead, its project and the attendee's registration. */
export function roadshowLeadEvent(
  lead: RoadshowLead,
  project: Pick<RoadshowProject, 'id' | 'organisationId'>,
  registration: Pick<Registration, 'id' | 'eventId' | 'organisationId'>,
): RoadshowLeadEvent {
  return {
    eventId: registration.eventId,
    projectId: project.id,
    leadId: lead.id,
    presenterOrganisationId: project.organisationId,
    registrationId: registration.id,
    organisationId: registration.organisationId,
    kind: lead.kind,
    at: lead.createdAt,
  };
}

/** The announcement of a lead read back from the database (a sweep re-announcing); null when it is gone. */
export async function roadshowLeadEventIn(em: EntityManager, leadId: number): Promise<RoadshowLeadEvent | null> {
  const lead = await em.findOneBy(RoadshowLead, { id: leadId });
  if (!lead) return null;
  const project = await em.findOneBy(RoadshowProject, { id: lead.projectId });
  const registration = await em.findOneBy(Registration, { id: lead.registrationId });
  return project && registration ? roadshowLeadEvent(lead, project, registration) : null;
}
