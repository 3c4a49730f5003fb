import type { AwsIntegration, PassthroughBehavior, ResourceSetup } from "./setup.ts";

/**
 * The resources of AWS's tutorial "Create a REST API as an Amazon Kinesis proxy in API Gateway", as the course
 * builds them for its streaming half: every method is an AWS integration with a Kinesis action, the request
 * templates are the tutorial's own, and each has the single default integration response (status 200, no response
 * template), so Kinesis's JSON body reaches the client unchanged, errors included.
 */
export const KINESIS_PROXY_TEMPLATES = {
  ListStreams: "{}",
  DescribeStream: ["{", '    "StreamName": "$input.params(\'stream-name\')"', "}"].join("\n"),
  // The tutorial's exported definition. Its console steps give `#if($input.path('$.ShardCount') == '') 5 #else …`
  // instead, but a missing path is null, not '', so without a ShardCount in the body that renders invalid JSON.
  CreateStream: ["{", '    "ShardCount": 5,', '    "StreamName": "$input.params(\'stream-name\')"', "}"].join("\n"),
  DeleteStream: ["{", '    "StreamName": "$input.params(\'stream-name\')"', "}"].join("\n"),
  PutRecord: [
    "{",
    '    "StreamName": "$input.params(\'stream-name\')",',
    '    "Data": "$util.base64Encode($input.json(\'$.Data\'))",',
    '    "PartitionKey": "$input.path(\'$.PartitionKey\')"',
    "}",
  ].join("\n"),
  PutRecords: [
    "{",
    '    "StreamName": "$input.params(\'stream-name\')",',
    '    "Records": [',
    "       #foreach($elem in $input.path('$.records'))",
    "          {",
    '            "Data": "$util.base64Encode($elem.data)",',
    '            "PartitionKey": "$elem.partition-key"',
    "          }#if($foreach.hasNext),#end",
    "        #end",
    "    ]",
    "}",
  ].join("\n"),
  GetShardIterator: [
    "{",
    '    "ShardId": "$input.params(\'shard-id\')",',
    '    "ShardIteratorType": "TRIM_HORIZON",',
    '    "StreamName": "$input.params(\'stream-name\')"',
    "}",
  ].join("\n"),
  GetRecords: ["{", '    "ShardIterator": "$input.params(\'Shard-Iterator\')"', "}"].join("\n"),
} as const;

export type KinesisProxyAction = keyof typeof KINESIS_PROXY_TEMPLATES;

export interface KinesisProxyOptions {
  /** The region in the integration uris; the local Kinesis answers whatever it says. */
  region?: string;
  /** The execution role API Gateway assumes; the local Kinesis checks no permissions. */
  credentials?: string;
}

function kinesisAction(
  action: KinesisProxyAction,
  options: KinesisProxyOptions,
  passthroughBehavior: PassthroughBehavior = "WHEN_NO_MATCH",
): { integration: AwsIntegration } {
  return {
    integration: {
      type: "AWS",
      uri: `arn:aws:apigateway:${options.region ?? "us-east-1"}:kinesis:action/${action}`,
      httpMethod: "POST",
      credentials: options.credentials ?? "arn:aws:iam::000000000000:role/apigAwsProxyRole",
      // Kinesis reads the body only when it is told it is its JSON dialect.
      requestParameters: { "integration.request.header.Content-Type": "'application/x-amz-json-1.1'" },
      requestTemplates: { "application/json": KINESIS_PROXY_TEMPLATES[action] },
      passthroughBehavior,
      integrationResponses: [{ statusCode: 200 }],
    },
  };
}

/**
 * `/streams` and below, ready to sit beside the default `{proxy+}` resource: literal resources win over the
 * greedy one, so the batch half's `/topics/...` calls keep reaching the REST proxy.
 */
export function kinesisProxyResources(options: KinesisProxyOptions = {}): ResourceSetup[] {
  return [
    // The tutorial picks "when there are no templates defined" for this method; the others keep the default.
    { path: "/streams", methods: { GET: kinesisAction("ListStreams", options, "WHEN_NO_TEMPLATES") } },
    {
      path: "/streams/{stream-name}",
      methods: {
        GET: kinesisAction("DescribeStream", options),
        POST: kinesisAction("CreateStream", options),
        DELETE: kinesisAction("DeleteStream", options),
      },
    },
    { path: "/streams/{stream-name}/record", methods: { PUT: kinesisAction("PutRecord", options) } },
    {
      path: "/streams/{stream-name}/records",
      methods: { PUT: kinesisAction("PutRecords", options), GET: kinesisAction("GetRecords", options) },
    },
    { path: "/streams/{stream-name}/sharditerator", methods: { GET: kinesisAction("GetShardIterator", options) } },
  ];
}
