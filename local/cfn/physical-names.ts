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

  constructor(
    template: CloudFormationTemplate,
    options: { region: string; tableNames: Map<string, string> },
  ) {
    this.template = template;
    this.region = options.region;
    this.tableNames = options.tableNames;
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
        return this.arn(logicalId);
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
      default:
        // Attributes the runtime never reads (IDs, domain names) resolve to a recognisable placeholder.
        return `local:${logicalId}.${attribute}`;
    }
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
      default:
        return `arn:aws:local:${at}:${logicalId}`;
    }
  }
}

/** S3 bucket names are lowercase letters, digits and hyphens, 3 to 63 long. */
function bucketName(logicalId: string): string {
  return logicalId
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, 63)
    .padEnd(3, '0');
}
