/**
 * The published programme that an event's JSON carries (`sessions`). The agenda module provides it; events sit
 * below agenda and know only this port.
 */
export abstract class PublishedProgramme {
  abstract sessions(eventId: number): Promise<object[]>;
}
