import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { ResolveContext } from '../cfn/intrinsics.ts';
import { resolveIntrinsics } from '../cfn/intrinsics.ts';
import { type CloudFormationTemplate, resourcesOfType } from '../cfn/template.ts';
import { closeServer, listenOnEphemeralPort } from './http.ts';

/**
 * Amazon SNS for the embedded runtime: the template's topics and subscriptions, and `Publish` on the
 * AWS Query protocol (form-encoded `Action=Publish&TopicArn=…&Message=…`, XML answers), which the real
 * `@aws-sdk/client-sns` speaks. EventBridge rules with a topic target publish here too, in process, as
 * EventBridge does on AWS. A `lambda` subscription invokes its function with the SNS event; `email` and
 * `https` subscriptions are recorded as delivered (nothing leaves the machine).
 */

/** A subscription of the template. */
export interface LocalSubscription {
  logicalId: string;
  topicArn: string;
  protocol: string;
  endpoint: string;
}

/** A topic of the template. */
export interface LocalTopic {
  logicalId: string;
  name: string;
  arn: string;
}

/** Where a published message went. */
export interface SnsDelivery {
  protocol: string;
  endpoint: string;
}

/** A message published to a topic. */
export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  topicName: string;
  /** The topic's construct path in the template (`Alerts/OpsTopic`), when CDK recorded it. */
  topicPath?: string;
  subject?: string;
  message: string;
  at: string;
  deliveredTo: SnsDelivery[];
}

/** The SNS event a `lambda` subscription invokes its function with (one record). */
export interface SnsLambdaEvent {
  Records: {
    EventSource: 'aws:sns';
    EventVersion: '1.0';
    EventSubscriptionArn: string;
    Sns: {
      Type: 'Notification';
      MessageId: string;
      TopicArn: string;
      Subject: string | null;
      Message: string;
      Timestamp: string;
      SignatureVersion: '1';
      Signature: string;
      SigningCertUrl: string;
      UnsubscribeUrl: string;
      MessageAttributes: Record<string, never>;
    };
  }[];
}

/** Reads the topics and subscriptions of a template. */
export function snsFromTemplate(
  template: CloudFormationTemplate,
  names: ResolveContext & { name(logicalId: string): string; arn(logicalId: string): string },
): { topics: LocalTopic[]; subscriptions: LocalSubscription[] } {
  const topics = resourcesOfType(template, 'AWS::SNS::Topic').map(([logicalId]) => ({
    logicalId,
    name: names.name(logicalId),
    arn: names.arn(logicalId),
  }));
  const subscriptions = resourcesOfType(template, 'AWS::SNS::Subscription').map(([logicalId, resource]) => {
    const props = resolveIntrinsics(resource.Properties ?? {}, names, {
      path: `Resources.${logicalId}.Properties`,
    }) as { TopicArn: string; Protocol: string; Endpoint: string };
    return { logicalId, topicArn: props.TopicArn, protocol: props.Protocol, endpoint: props.Endpoint };
  });
  return { topics, subscriptions };
}

/** Largest message SNS takes (256 KiB). */
export const MAX_MESSAGE_BYTES = 262_144;
const MAX_REQUEST_BYTES = 4 * MAX_MESSAGE_BYTES;
/** Published messages kept for the report; later ones are only counted. */
const MAX_KEPT = 100_000;

export interface SnsOptions {
  topics: LocalTopic[];
  subscriptions: LocalSubscription[];
  /** Invokes the function of a `lambda` subscription asynchronously (its retries are the caller's). */
  invokeAsync: (functionArn: string, event: SnsLambdaEvent) => void;
  now: () => Date;
  /** Construct paths of the topics, by logical ID (from the template's metadata). */
  topicPaths?: ReadonlyMap<string, string>;
}

/** A running local SNS. */
export interface LocalSns {
  /** `http://127.0.0.1:<port>`, for `new SNSClient({ endpoint })`. */
  endpoint: string;
  /** Publishes as `Publish` does; throws {@link SnsPublishError} for an unknown topic or a bad message. */
  publish(input: { topicArn: string; message: string; subject?: string }): PublishedMessage;
  /** Every message published so far (at most 100,000). */
  readonly published: readonly PublishedMessage[];
  close(): Promise<void>;
}

/** A `Publish` SNS would refuse. */
export class SnsPublishError extends Error {
  override readonly name = 'SnsPublishError';
  readonly code: 'NotFound' | 'InvalidParameter';
  readonly status: number;

  constructor(code: 'NotFound' | 'InvalidParameter', message: string) {
    super(message);
    this.code = code;
    this.status = code === 'NotFound' ? 404 : 400;
  }
}

/** Starts the local SNS on an ephemeral port of 127.0.0.1. */
export async function startSns(options: SnsOptions): Promise<LocalSns> {
  const topics = new Map(options.topics.map((topic) => [topic.arn, topic]));
  const published: PublishedMessage[] = [];

  const publish = (input: { topicArn: string; message: string; subject?: string }): PublishedMessage => {
    const topic = topics.get(input.topicArn);
    if (!topic) throw new SnsPublishError('NotFound', 'Topic does not exist');
    if (input.message.length === 0) {
      throw new SnsPublishError('InvalidParameter', 'Invalid parameter: Empty message');
    }
    if (Buffer.byteLength(input.message) > MAX_MESSAGE_BYTES) {
      throw new SnsPublishError('InvalidParameter', 'Invalid parameter: Message too long');
    }
    if (input.subject !== undefined && (input.subject.length === 0 || input.subject.length > 100)) {
      throw new SnsPublishError('InvalidParameter', 'Invalid parameter: Subject');
    }
    const messageId = randomUUID();
    const at = options.now().toISOString();
    const deliveredTo: SnsDelivery[] = [];
    for (const subscription of options.subscriptions) {
      if (subscription.topicArn !== topic.arn) continue;
      deliveredTo.push({ protocol: subscription.protocol, endpoint: subscription.endpoint });
      if (subscription.protocol !== 'lambda') continue;
      options.invokeAsync(subscription.endpoint, {
        Records: [
          {
            EventSource: 'aws:sns',
            EventVersion: '1.0',
            EventSubscriptionArn: `${topic.arn}:${subscription.logicalId}`,
            Sns: {
              Type: 'Notification',
              MessageId: messageId,
              TopicArn: topic.arn,
              Subject: input.subject ?? null,
              Message: input.message,
              Timestamp: at,
              SignatureVersion: '1',
              Signature: '',
              SigningCertUrl: '',
              UnsubscribeUrl: '',
              MessageAttributes: {},
            },
          },
        ],
      });
    }
    const record: PublishedMessage = {
      messageId,
      topicArn: topic.arn,
      topicName: topic.name,
      ...(options.topicPaths?.get(topic.logicalId)
        ? { topicPath: options.topicPaths.get(topic.logicalId) }
        : {}),
      ...(input.subject === undefined ? {} : { subject: input.subject }),
      message: input.message,
      at,
      deliveredTo,
    };
    if (published.length < MAX_KEPT) published.push(record);
    return record;
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const answer = (status: number, body: string) => {
        res.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      };
      if (size > MAX_REQUEST_BYTES)
        return answer(413, errorXml('Sender', 'RequestEntityTooLarge', 'Request too large'));
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const action = form.get('Action');
      if (action !== 'Publish') {
        return answer(
          400,
          errorXml('Sender', 'InvalidAction', `Unknown action ${String(action).slice(0, 64)}`),
        );
      }
      const topicArn = form.get('TopicArn') ?? form.get('TargetArn');
      const message = form.get('Message');
      if (!topicArn || message === null) {
        return answer(400, errorXml('Sender', 'InvalidParameter', 'TopicArn and Message are required'));
      }
      try {
        const subject = form.get('Subject');
        const { messageId } = publish({ topicArn, message, ...(subject === null ? {} : { subject }) });
        return answer(
          200,
          `<PublishResponse xmlns="${XMLNS}"><PublishResult><MessageId>${messageId}</MessageId></PublishResult>` +
            `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
        );
      } catch (error) {
        if (error instanceof SnsPublishError)
          return answer(error.status, errorXml('Sender', error.code, error.message));
        const err = error instanceof Error ? error : new Error(String(error));
        return answer(500, errorXml('Receiver', 'InternalError', err.message));
      }
    });
    req.on('error', () => res.destroy());
  });
  const endpoint = await listenOnEphemeralPort(server, 'lean');
  let closing: Promise<void> | undefined;
  return {
    endpoint,
    publish,
    published,
    close: () => {
      closing ??= closeServer(server);
      return closing;
    },
  };
}

const XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';

function errorXml(type: 'Sender' | 'Receiver', code: string, message: string): string {
  return (
    `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code>` +
    `<Message>${escapeXml(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
