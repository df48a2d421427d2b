import type { ResolveContext } from './intrinsics.ts';
import type { CloudFormationTemplate } from './template.ts';

export const LOCAL_ACCOUNT = '000000000000';

/**
 * Physical names and ARNs of the template's resources in the embedded runtime, so `Ref` and
 * `Fn::GetAtt` in definitions, environments and rule targets resolve to what the local services use.
 */
export class PhysicalNames implements ResolveContext {
  private readonly template: CloudFormationTemplate;
  private readonly region: string;
  private readonly tableNames: Map<string, string>;
  private readonly apiEndpoints: ReadonlyMap<string, string>;

  constructor(
    template: CloudFormationTemplate,
    options: {
      region: string;
      tableNames: Map<string, string>;
      /**
       * The local URL of each HTTP API, by logical ID: `Fn::GetAtt [Api, ApiEndpoint]` resolves to it.
       * Read when resolving, so the runtime may fill it once the APIs listen.
       */
      apiEndpoints?: ReadonlyMap<string, string>;
    },
  ) {
    this.template = template;
    this.region = options.region;
    this.tableNames = options.tableNames;
    this.apiEndpoints = options.apiEndpoints ?? new Map();
  }

  /** The ID of an `AWS::ApiGatewayV2::Api`: 10 lowercase letters and digits, stable for its logical ID. */
  apiId(logicalId: string): string {
    return stableId(logicalId, 10, 'abcdefghijklmnopqrstuvwxyz0123456789');
  }

  /** The endpoint of an HTTP API: its local URL once it listens, else its AWS URL. */
  apiEndpoint(logicalId: string): string {
    return (
      this.apiEndpoints.get(logicalId) ??
      `https://${this.apiId(logicalId)}.execute-api.${this.region}.amazonaws.com`
    );
  }

  /**
   * Rewrites the AWS URLs of the template's HTTP APIs (`https://<api id>.execute-api.<region>.amazonaws.com`,
   * as CDK's `HttpApi.url` builds it with `Fn::Join`) to their local URLs, in every string of `value`.
   */
  localizeUrls<T>(value: T): T {
    if (this.apiEndpoints.size === 0) return value;
    if (typeof value === 'string') {
      let text: string = value;
      for (const [logicalId, endpoint] of this.apiEndpoints) {
        const aws = new RegExp(
          `https://${this.apiId(logicalId)}\\.execute-api\\.[a-z0-9-]+\\.amazonaws\\.com`,
          'g',
        );
        text = text.replace(aws, endpoint);
      }
      return text as T;
    }
    if (Array.isArray(value)) return value.map((item) => this.localizeUrls(item)) as T;
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(
        Object.entries(value).map(([key, item]) => [key, this.localizeUrls(item)]),
      ) as T;
    }
    return value;
  }

  ref(logicalId: string): unknown {
    switch (logicalId) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return LOCAL_ACCOUNT;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return 'Stille';
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.region}:${LOCAL_ACCOUNT}:stack/Stille/local`;
    }
    const resource = this.template.Resources[logicalId];
    if (!resource) return undefined;
    switch (resource.Type) {
      case 'AWS::StepFunctions::StateMachine':
      case 'AWS::SNS::Topic':
      case 'AWS::SecretsManager::Secret':
        return this.arn(logicalId);
      case 'AWS::ApiGatewayV2::Api':
        return this.apiId(logicalId);
      case 'AWS::SQS::Queue':
        return `http://sqs.${this.region}.localhost/${LOCAL_ACCOUNT}/${this.name(logicalId)}`;
      default:
        return this.name(logicalId);
    }
  }

  getAtt(logicalId: string, attribute: string): unknown {
    const resource = this.template.Resources[logicalId];
    if (!resource) return undefined;
    switch (attribute) {
      case 'Arn':
        return this.arn(logicalId);
      case 'Name':
      case 'QueueName':
      case 'TopicName':
        return this.name(logicalId);
      case 'StreamArn':
        return `${this.arn(logicalId)}/stream/local`;
      case 'QueueUrl':
        return this.ref(logicalId);
      case 'ApiEndpoint':
        if (resource.Type === 'AWS::ApiGatewayV2::Api') return this.apiEndpoint(logicalId);
        break;
      case 'ApiId':
        if (resource.Type === 'AWS::ApiGatewayV2::Api') return this.apiId(logicalId);
        break;
      case 'Id':
        // A secret's Id is its ARN.
        if (resource.Type === 'AWS::SecretsManager::Secret') return this.arn(logicalId);
        break;
    }
    // Attributes the runtime never reads (IDs, domain names) resolve to a recognisable placeholder.
    return `local:${logicalId}.${attribute}`;
  }

  /** The physical name of a resource: its name property when given, else a name derived from its ID. */
  name(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    const props = resource?.Properties ?? {};
    const named = (key: string) => (typeof props[key] === 'string' ? (props[key] as string) : undefined);
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return this.tableNames.get(logicalId) ?? named('TableName') ?? logicalId;
      case 'AWS::S3::Bucket':
        return named('BucketName') ?? bucketName(logicalId);
      case 'AWS::Events::EventBus':
        return named('Name') ?? logicalId;
      case 'AWS::StepFunctions::StateMachine':
        return named('StateMachineName') ?? logicalId;
      case 'AWS::Lambda::Function':
        return named('FunctionName') ?? logicalId;
      case 'AWS::Logs::LogGroup':
        return named('LogGroupName') ?? logicalId;
      case 'AWS::SQS::Queue':
        return named('QueueName') ?? logicalId;
      case 'AWS::SNS::Topic':
        return named('TopicName') ?? logicalId;
      case 'AWS::SecretsManager::Secret':
        // Like CloudFormation's generated names (`<logical id>-<12 characters>`): CDK's `secretName`
        // takes the ARN's last part apart on its hyphens and expects exactly this shape.
        return named('Name') ?? `${logicalId}-${stableId(logicalId, 12, ALPHANUMERIC)}`;
      case 'AWS::SES::ConfigurationSet':
        return named('Name') ?? logicalId;
      case 'AWS::SES::ContactList':
        return named('ContactListName') ?? logicalId;
      case 'AWS::SES::EmailIdentity':
        return named('EmailIdentity') ?? logicalId;
      case 'AWS::SMSVOICE::ConfigurationSet':
        return named('ConfigurationSetName') ?? logicalId;
      case 'AWS::ApiGatewayV2::Api':
        return named('Name') ?? logicalId;
      case 'AWS::ApiGatewayV2::Stage':
        return named('StageName') ?? logicalId;
      default:
        return logicalId;
    }
  }

  arn(logicalId: string): string {
    const resource = this.template.Resources[logicalId];
    const name = this.name(logicalId);
    const at = `${this.region}:${LOCAL_ACCOUNT}`;
    switch (resource?.Type) {
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return `arn:aws:dynamodb:${at}:table/${name}`;
      case 'AWS::S3::Bucket':
        return `arn:aws:s3:::${name}`;
      case 'AWS::Events::EventBus':
        return `arn:aws:events:${at}:event-bus/${name}`;
      case 'AWS::Events::Rule':
        return `arn:aws:events:${at}:rule/${name}`;
      case 'AWS::StepFunctions::StateMachine':
        return `arn:aws:states:${at}:stateMachine:${name}`;
      case 'AWS::Lambda::Function':
        return `arn:aws:lambda:${at}:function:${name}`;
      case 'AWS::SQS::Queue':
        return `arn:aws:sqs:${at}:${name}`;
      case 'AWS::SNS::Topic':
        return `arn:aws:sns:${at}:${name}`;
      case 'AWS::IAM::Role':
        return `arn:aws:iam::${LOCAL_ACCOUNT}:role/${name}`;
      case 'AWS::Logs::LogGroup':
        return `arn:aws:logs:${at}:log-group:${name}:*`;
      case 'AWS::SecretsManager::Secret':
        return `arn:aws:secretsmanager:${at}:secret:${name}-${stableId(name, 6, ALPHANUMERIC)}`;
      case 'AWS::SES::ConfigurationSet':
        return `arn:aws:ses:${at}:configuration-set/${name}`;
      case 'AWS::SES::ContactList':
        return `arn:aws:ses:${at}:contact-list/${name}`;
      case 'AWS::SES::EmailIdentity':
        return `arn:aws:ses:${at}:identity/${name}`;
      case 'AWS::SMSVOICE::ConfigurationSet':
        return `arn:aws:sms-voice:${at}:configuration-set/${name}`;
      case 'AWS::ApiGatewayV2::Api':
        return `arn:aws:apigateway:${this.region}::/apis/${this.apiId(logicalId)}`;
      default:
        return `arn:aws:local:${at}:${logicalId}`;
    }
  }
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A short ID derived from `seed` (FNV-1a driven): the same on every run, like a deployed stack's. */
function stableId(seed: string, length: number, alphabet: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  let id = '';
  for (let i = 0; i < length; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) ^ i;
    id += alphabet.charAt((h >>> 0) % alphabet.length);
  }
  return id;
}

/** S3 bucket names are lowercase letters, digits and hyphens, 3 to 63 long. */
function bucketName(logicalId: string): string {
  return logicalId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63)
    .padEnd(3, '0');
}
