/**
 * A roadshow's running order: when each pitch starts, and whether the projects still fit their session. Pure: the
 * service loads the session and the projects in order, these compute the times and the warning.
 */
export interface PitchInput {
  id: number;
  pitchMinutes: number;
  qaMinutes: number;
}

export interface TimedPitch {
  id: number;
  /** 1-based place in the running order. */
  position: number;
  startsAt: Date;
  /** When the pitch ends and the questions begin. */
  qaStartsAt: Date;
  endsAt: Date;
}

export interface RunningOrder {
  pitches: TimedPitch[];
  /** When the last project's questions end (the session start when there are none). */
  endsAt: Date;
  /** Minutes past the session's end; 0 when everything fits. */
  overrunMinutes: number;
}

const MINUTE = 60_000;

/**
 * Pitches back to back from the session start, each taking its pitch and Q&A minutes, with `changeoverMinutes`
 * between two projects (the next presenter walks on, the slides change).
 */
export function runningOrder(
  session: { startsAt: Date; endsAt: Date },
  pitches: readonly PitchInput[],
  options: { changeoverMinutes?: number } = {},
): RunningOrder {
  const changeover = (options.changeoverMinutes ?? 0) * MINUTE;
  let cursor = session.startsAt.getTime();
  const timed = pitches.map((p, i): TimedPitch => {
    if (i > 0) cursor += changeover;
    const startsAt = cursor;
    cursor += p.pitchMinutes * MINUTE;
    const qaStartsAt = cursor;
    cursor += p.qaMinutes * MINUTE;
    return {
      id: p.id,
      position: i + 1,
      startsAt: new Date(startsAt),
      qaStartsAt: new Date(qaStartsAt),
      endsAt: new Date(cursor),
    };
  });
  const over = cursor - session.endsAt.getTime();
  return { pitches: timed, endsAt: new Date(cursor), overrunMinutes: over > 0 ? Math.ceil(over / MINUTE) : 0 };
}

export interface OverrunWarning {
  kind: 'overrun';
  severity: 'warning';
  /**
   * Stable while the situation is the same: accepting stores it; a longer (or shorter) overrun is a new situation
   * with a new key, so the organiser is asked again.
   */
  key: string;
  roadshowId: number;
  overrunMinutes: number;
  /** When the running order ends, and when its session does. */
  endsAt: Date;
  sessionEndsAt: Date;
  /** Projects that end after the session (in running order). */
  projectIds: number[];
}

/** The agenda-style warning when the projects no longer fit the session, or null when they do. */
export function overrunWarning(
  roadshowId: number,
  session: { endsAt: Date },
  order: RunningOrder,
): OverrunWarning | null {
  if (order.overrunMinutes === 0) return null;
  return {
    kind: 'overrun',
    severity: 'warning',
    key: `roadshow_overrun:${roadshowId}:${order.overrunMinutes}`,
    roadshowId,
    overrunMinutes: order.overrunMinutes,
    endsAt: order.endsAt,
    sessionEndsAt: session.endsAt,
    projectIds: order.pitches.filter((p) => p.endsAt > session.endsAt).map((p) => p.id),
  };
}

/** Ids in a new order: every current id exactly once, or the problem in words. */
export function reorderProblem(current: readonly number[], wanted: readonly number[]): string | undefined {
  if (new Set(wanted).size !== wanted.length) return 'lists a project twice';
  const known = new Set(current);
  const unknown = wanted.find((id) => !known.has(id));
  if (unknown !== undefined) return `project ${unknown} is not in this roadshow`;
  if (wanted.length !== current.length) return `must list all ${current.length} projects of this roadshow`;
  return undefined;
}

/** Moves one id up or down by one place; unchanged at either end. */
export function moveOne(ids: readonly number[], id: number, direction: 'up' | 'down'): number[] {
  const out = [...ids];
  const i = out.indexOf(id);
  const j = direction === 'up' ? i - 1 : i + 1;
  if (i < 0 || j < 0 || j >= out.length) return out;
  [out[i], out[j]] = [out[j], out[i]];
  return out;
}
