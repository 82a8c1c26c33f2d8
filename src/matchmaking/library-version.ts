import { Injectable } from '@nestjs/common';

/**
 * A counter the library services bump on every write to an item or an event's lists, so that what is derived from
 * the lists in memory (the recommendation indexes) knows it is stale. Bumped inside the write and again after it
 * commits: a reader that rebuilt between the two sees the second bump.
 */
@Injectable()
export class LibraryVersion {
  private value = 0;

  get current(): number {
    return this.value;
  }

  bump(): void {
    this.value++;
  }
}
