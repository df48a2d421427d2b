import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogField, AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnRoute,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  type HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The path of the unsubscribe routes; the links DeliverMessage builds point here. */
export const UNSUBSCRIBE_PATH = '/unsubscribe';
/** The path of the survey answer routes; the survey links DeliverMessage builds point here. */
export const SURVEY_PATH = '/survey';
/** The path of the campaign click redirect (domain/links/campaign-click.ts builds its links). */
export const CLICK_PATH = '/click';
/** The path of the retention offer acceptance routes (domain/links/offer-accept.ts builds its links). */
export const OFFER_PATH = '/offer';

/** Properties of {@link UnsubscribeApi}. */
export interface UnsubscribeApiProps {
  /** The Unsubscribe function: verifies the link's token and records the opt-out. */
  readonly unsubscribe: IFunction;
  /**
   * The AnswerSurvey function: when given, `GET /survey` (the survey links, which only show the answer
   * page) and `POST /survey` (the page's form, which records the answer) go to it.
   * @default no survey routes
   */
  readonly answerSurvey?: IFunction;
  /**
   * The RecordClick function: when given, `GET /click` (a campaign's call to action: a page that sends
   * the customer on, changing nothing) and `POST /click` (that page's count of the click) go to it.
   * @default no click route
   */
  readonly recordClick?: IFunction;
  /**
   * The AcceptOffer function: when given, `GET /offer` (a retention offer's link: the confirmation page,
   * which changes nothing) and `POST /offer` (that page's one button, which accepts) go to it.
   * @default no offer routes
   */
  readonly acceptOffer?: IFunction;
  /** Steady requests per second of the whole API. @default 50 */
  readonly rateLimit?: number;
  /** Requests the API accepts in a burst. @default 100 */
  readonly burstLimit?: number;
  /** How long access logs are kept. @default one month */
  readonly logRetention?: RetentionDays;
}

/**
 * The public unsubscribe endpoint: an HTTP API with `GET /unsubscribe` (the confirmation page a
 * clicked link opens) and `POST /unsubscribe` (RFC 8058 one-click, body `List-Unsubscribe=One-Click`,
 * sent by mail clients), both to the Unsubscribe function with payload format 2.0. The `$default`
 * stage deploys itself, is throttled and writes JSON access logs.
 *
 * There is no authorizer: the signed token in the link is the authorization, and Unsubscribe checks it.
 */
export class UnsubscribeApi extends Construct {
  /** The HTTP API. */
  readonly httpApi: HttpApi;
  /** Its `$default` stage. */
  readonly stage: HttpStage;
  /** The access log group of the stage. */
  readonly accessLogs: LogGroup;
  /** The routes: `GET /unsubscribe` and `POST /unsubscribe`. */
  readonly routes: readonly HttpRoute[];
  /** `GET /survey` and `POST /survey`, when an AnswerSurvey function was given. */
  readonly surveyRoutes: readonly HttpRoute[] = [];
  /** `GET /click` and `POST /click`, when a RecordClick function was given. */
  readonly clickRoutes: readonly HttpRoute[] = [];
  /** `GET /offer` and `POST /offer`, when an AcceptOffer function was given. */
  readonly offerRoutes: readonly HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: UnsubscribeApiProps) {
    super(scope, id);

    this.httpApi = new HttpApi(this, 'Default', {
      apiName: `${Stack.of(this).stackName}-unsubscribe`,
      description: 'stille: unsubscribe links and one-click unsubscribe (RFC 8058)',
      // The stage is created below, with throttling and access logs.
      createDefaultStage: false,
    });

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit ?? 50, burstLimit: props.burstLimit ?? 100 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        // The route key, not the path with its query string: the query holds the signed token.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: AccessLogField.contextRequestId(),
            requestTime: AccessLogField.contextRequestTime(),
            sourceIp: AccessLogField.contextIdentitySourceIp(),
            routeKey: AccessLogField.contextRouteKey(),
            status: AccessLogField.contextStatus(),
            protocol: AccessLogField.contextProtocol(),
            responseLength: AccessLogField.contextResponseLength(),
            integrationError: AccessLogField.contextIntegrationErrorMessage(),
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Unsubscribe', props.unsubscribe);
    this.routes = this.httpApi.addRoutes({
      path: UNSUBSCRIBE_PATH,
      methods: [HttpMethod.GET, HttpMethod.POST],
      integration,
    });
    for (const route of this.routes) {
      Validations.of(route.node.defaultChild as CfnRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Public on purpose: the link in a message and the one-click POST a mail client sends (RFC 8058) ' +
          'carry no credentials. The signed token in the link is the authorization: Unsubscribe verifies ' +
          'its HMAC (the link-signing secret) before it records anything.',
      });
    }
    if (props.answerSurvey) {
      this.surveyRoutes = this.httpApi.addRoutes({
        path: SURVEY_PATH,
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration: new HttpLambdaIntegration('AnswerSurvey', props.answerSurvey),
      });
      for (const route of this.surveyRoutes) {
        Validations.of(route.node.defaultChild as CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public on purpose: a survey link in a message and the answer form it opens carry no ' +
            'credentials. The signed token is the authorization: AnswerSurvey verifies its HMAC (the ' +
            'link-signing secret), its expiry and the survey it names, and records only on the POST.',
        });
      }
    }
    if (props.recordClick) {
      this.clickRoutes = this.httpApi.addRoutes({
        path: CLICK_PATH,
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration: new HttpLambdaIntegration('RecordClick', props.recordClick),
      });
      for (const route of this.clickRoutes) {
        Validations.of(route.node.defaultChild as CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public on purpose: a call to action in a campaign message carries no credentials. The signed ' +
            'token is the authorization: RecordClick verifies its HMAC, sends on only to the https link the ' +
            'token names, and counts the click only on the POST its page makes.',
        });
      }
    }
    if (props.acceptOffer) {
      this.offerRoutes = this.httpApi.addRoutes({
        path: OFFER_PATH,
        methods: [HttpMethod.GET, HttpMethod.POST],
        integration: new HttpLambdaIntegration('AcceptOffer', props.acceptOffer),
      });
      for (const route of this.offerRoutes) {
        Validations.of(route.node.defaultChild as CfnRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            'Public on purpose: a retention offer link in a message and the confirmation form it opens ' +
            'carry no credentials. The signed token is the authorization: AcceptOffer verifies its HMAC ' +
            '(the link-signing secret), its expiry and the sent offer it names, and accepts only on the POST.',
        });
      }
    }
  }

  /** The base URL of the API, e.g. `https://abc123.execute-api.eu-north-1.amazonaws.com` (no trailing slash). */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
