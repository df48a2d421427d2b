import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { logicalIdOf, synthStille } from './synth.ts';

const { stack, template } = synthStille();
const runsId = logicalIdOf(stack.runs.bucket, stack);
const logsId = logicalIdOf(stack.runs.accessLogs, stack);
const resources = template.toJSON().Resources as Record<
  string,
  { Type: string; Properties: Record<string, unknown> }
>;

const PRIVATE = {
  BucketEncryption: {
    ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
  },
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  },
  OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
};

describe('RunsBucket', () => {
  it('has two buckets, both private, SSE-S3 encrypted and retained', () => {
    template.resourceCountIs('AWS::S3::Bucket', 2);
    for (const id of [runsId, logsId]) {
      expect(resources[id]?.Properties).toMatchObject(PRIVATE);
      template.hasResource('AWS::S3::Bucket', {
        Properties: Match.objectLike(PRIVATE),
        DeletionPolicy: 'Retain',
      });
    }
  });

  it('versions run files, expires them after 90 days and logs access to the log bucket', () => {
    expect(resources[runsId]?.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      LifecycleConfiguration: {
        Rules: [
          {
            ExpirationInDays: 90,
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
            Status: 'Enabled',
          },
        ],
      },
      LoggingConfiguration: { DestinationBucketName: { Ref: logsId }, LogFilePrefix: 'runs-bucket/' },
    });
  });

  it('lets S3 log delivery write to the log bucket through its policy, not an ACL', () => {
    expect(resources[logsId]?.Properties.AccessControl).toBeUndefined();
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logsId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Condition: Match.objectLike({ ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [runsId, 'Arn'] } } }),
          }),
        ]),
      },
    });
  });

  it.each([
    ['runs', runsId],
    ['access log', logsId],
  ])('refuses plain HTTP on the %s bucket', (_name, id) => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: id },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });
});
