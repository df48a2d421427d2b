import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Length of the generated link-signing key, in characters (letters and digits: about 380 bits). */
export const LINK_SECRET_LENGTH = 64;

/**
 * The key the unsubscribe links are signed with (HMAC): DeliverMessage signs the link it puts in a
 * message, Unsubscribe verifies it. A Secrets Manager secret holding a generated 64-character string
 * of letters and digits, encrypted with the account's `aws/secretsmanager` key and retained when the
 * stack goes (every link already sent depends on it).
 *
 * The secret is this construct's default child, so its logical ID is the construct's own.
 */
export class LinkSecret extends Construct {
  /** The secret. */
  readonly secret: Secret;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Default', {
      description: 'stille: the key unsubscribe links are signed with (HMAC)',
      generateSecretString: {
        passwordLength: LINK_SECRET_LENGTH,
        excludePunctuation: true,
        includeSpace: false,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Not rotated: every unsubscribe link already sent carries an HMAC made with this key, and links ' +
        'stay valid for a year (a recipient may click one months later; RFC 8058 one-click must keep ' +
        'working). Rotation would need Unsubscribe to verify against the previous key as well, which it ' +
        'does not do yet. Only DeliverMessage and Unsubscribe may read the key.',
    });
  }
}
