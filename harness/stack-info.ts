/** What a started stack tells its users: stable field names (scripts and CI read them). */
export interface StackInfo {
  runtime: "native" | "docker";
  userId: string;
  topics: string[];
  invokeUrl: string;
  restProxyUrl: string;
  kafka: { bootstrapServers: string };
  mysql: { host: string; port: number; user: string; password: string; database: string };
  s3: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  connectUrl: string;
  connector: string;
  /** The streaming half: the Kinesis endpoint (any credentials), its region and the three streams. */
  kinesis: { endpoint: string; region: string; streams: string[] };
}

/** The three topics of the Pinterest pipeline, named after the user as on the course's MSK cluster. */
export function pinterestTopics(userId: string): string[] {
  return [`${userId}.pin`, `${userId}.geo`, `${userId}.user`];
}

/** The three streams of the course's streaming half, as its Kinesis proxy API names them. */
export function pinterestStreams(userId: string): string[] {
  return [`streaming-${userId}-pin`, `streaming-${userId}-geo`, `streaming-${userId}-user`];
}

export function isUserId(value: string): boolean {
  return /^[0-9a-z][0-9a-z_-]{0,63}$/i.test(value);
}
