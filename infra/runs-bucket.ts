import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of the {@link RunsBucket}. */
export interface RunsBucketProps {
  /** How long a run file (and the results next to it) is kept. @default 90 days */
  readonly expireRunsAfter?: Duration;
  /** How long server access logs are kept. @default 365 days */
  readonly expireAccessLogsAfter?: Duration;
}

/**
 * The S3 bucket billing systems drop invoice runs into (JSON Lines files read by the InvoiceRun
 * Distributed Map), with a separate bucket for its server access logs.
 *
 * Both buckets block public access, refuse plain HTTP and encrypt with SSE-S3. SSE-S3 rather than
 * KMS because server access logs can only be delivered to SSE-S3 buckets, and because the Step
 * Functions ItemReader then needs no KMS permissions.
 */
export class RunsBucket extends Construct {
  /** The bucket holding the run files. */
  readonly bucket: Bucket;
  /** The bucket receiving the server access logs of {@link bucket}. */
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: RunsBucketProps = {}) {
    super(scope, id);
    // Let S3 deliver access logs through the log bucket's policy instead of the legacy LogDeliveryWrite
    // ACL (which BucketOwnerEnforced forbids), whatever the app's feature flags say.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: props.expireAccessLogsAfter ?? Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the server access log destination of the runs bucket; logging it into itself would ' +
        'log every log delivery, and a third bucket would only move the question one bucket further.',
    });

    this.bucket = new Bucket(this, 'Default', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'runs-bucket/',
      lifecycleRules: [
        {
          expiration: props.expireRunsAfter ?? Duration.days(90),
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
