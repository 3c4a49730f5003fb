/** Where one value was seen. */
export interface Sighting {
  value: string;
  /** Relative to the folder the user runs from, with `/` separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** What gave it away, e.g. "invoke URL", "deployment_stage key", "topic name". */
  how: string;
}

/** The value chosen for one target, and the different values also seen. */
export interface Discovered<T = string> {
  value: T;
  where: Sighting;
  /** One sighting per other value, best-ranked first, so the user can tell which file disagrees. */
  others: Sighting[];
}

export interface Discovery {
  stage?: Discovered;
  userId?: Discovered;
  /** Files read. */
  scanned: number;
}

export type Target = "stage" | "userId";

/**
 * How much a file says about what actually runs: the entry scripts themselves, then config files, then other
 * Python modules, then templates (which hold what a user was told to fill in, not what they filled in).
 */
export const Rank = { Entry: 0, Config: 1, Module: 2, Template: 3 } as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

/** A value found in a line of text, before it is tied to a file. */
export interface Hit {
  target: Target;
  value: string;
  line: number;
  how: string;
}

export interface Found extends Sighting {
  target: Target;
  rank: Rank;
}
