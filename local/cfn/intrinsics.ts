/**
 * Resolves the CloudFormation intrinsic functions a CDK-synthesized template uses in the properties the
 * embedded runtime reads (state machine definitions, function environments, rule targets, ...).
 *
 * Supported: `Ref` (including `AWS::NoValue`, which removes the property or list element), `Fn::GetAtt`,
 * `Fn::Join`, `Fn::Sub`, `Fn::Select`, `Fn::Split`, `Fn::Base64`. Conditions (`Fn::If`, `Condition`,
 * ...), `Fn::ImportValue` and the other functions throw {@link UnsupportedIntrinsicError}: the embedded
 * runtime runs a single, unconditional stack.
 */

/** Where the values of `Ref` and `Fn::GetAtt` come from. */
export interface ResolveContext {
  /** Value of `Ref` for a logical ID (or pseudo parameter); return undefined if unknown. */
  ref(logicalId: string): unknown;
  /** Value of `Fn::GetAtt` [logicalId, attribute]; return undefined if unknown. */
  getAtt(logicalId: string, attribute: string): unknown;
}

/** Options for {@link resolveIntrinsics}. */
export interface ResolveOptions {
  /** How error messages name the root of `value`, e.g. `Resources.Workflow.Properties`. Default `$`. */
  path?: string;
}

/** An intrinsic function could not be resolved: unknown reference, malformed arguments, wrong type. */
export class UnresolvableIntrinsicError extends Error {
  override readonly name: string = 'UnresolvableIntrinsicError';
  /** Where in the resolved value the problem is, e.g. `$.DefinitionString["Fn::Join"][1][3]`. */
  readonly path: string;

  constructor(path: string, problem: string, options?: ErrorOptions) {
    super(`Cannot resolve ${path}: ${problem}`, options);
    this.path = path;
  }
}

/** The template uses an intrinsic function the embedded runtime deliberately does not support. */
export class UnsupportedIntrinsicError extends UnresolvableIntrinsicError {
  override readonly name: string = 'UnsupportedIntrinsicError';
  /** The function, e.g. `Fn::If`. */
  readonly intrinsic: string;

  constructor(path: string, intrinsic: string, reason: string, options?: ErrorOptions) {
    super(path, `${intrinsic} is not supported by the embedded runtime: ${reason}`, options);
    this.intrinsic = intrinsic;
  }
}

/**
 * Returns `value` with every intrinsic function resolved, recursing into arrays and objects. Objects
 * that are not intrinsics stay plain objects (new ones: `value` is not modified).
 * Throws {@link UnresolvableIntrinsicError} (with the path) for an unknown reference or malformed call,
 * and {@link UnsupportedIntrinsicError} for conditions, imports and other unsupported functions.
 */
export function resolveIntrinsics(
  value: unknown,
  context: ResolveContext,
  options: ResolveOptions = {},
): unknown {
  const resolved = resolve(value, context, options.path ?? '$');
  return resolved === NO_VALUE ? undefined : resolved;
}

/**
 * Resolves `value` like {@link resolveIntrinsics} and asserts the result is a string, e.g. a state
 * machine's `DefinitionString` (usually an `Fn::Join` of strings and `Fn::GetAtt [Fn, Arn]`).
 */
export function resolvedString(
  value: unknown,
  context: ResolveContext,
  options: ResolveOptions = {},
): string {
  const resolved = resolveIntrinsics(value, context, options);
  if (typeof resolved !== 'string') {
    throw new UnresolvableIntrinsicError(options.path ?? '$', `expected a string, got ${describe(resolved)}`);
  }
  return resolved;
}

/** Options for {@link pseudoParameters}. */
export interface PseudoParameterOptions {
  region: string;
  accountId: string;
  /** Default: derived from the region (`aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`). */
  partition?: string;
  /** Default: `amazonaws.com.cn` in the China partition, else `amazonaws.com`. */
  urlSuffix?: string;
  /** When given, also defines `AWS::StackName` and a deterministic `AWS::StackId`. */
  stackName?: string;
}

/**
 * The values of the pseudo parameters (`AWS::Region`, `AWS::AccountId`, `AWS::Partition`,
 * `AWS::URLSuffix`, and with a stack name `AWS::StackName`, `AWS::StackId`), keyed by name, for a
 * {@link ResolveContext.ref} to look up.
 */
export function pseudoParameters(options: PseudoParameterOptions): Record<string, string> {
  const { region, accountId } = options;
  const partition = options.partition ?? partitionOf(region);
  const parameters: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': accountId,
    'AWS::Partition': partition,
    'AWS::URLSuffix': options.urlSuffix ?? (partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'),
  };
  if (options.stackName !== undefined) {
    parameters['AWS::StackName'] = options.stackName;
    // A fixed ID keeps local runs reproducible; nothing local depends on it being unique.
    parameters['AWS::StackId'] =
      `arn:${partition}:cloudformation:${region}:${accountId}:stack/${options.stackName}/00000000-0000-0000-0000-000000000000`;
  }
  return parameters;
}

function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** What `Ref: AWS::NoValue` resolves to: the enclosing property or list element is dropped. */
const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

const UNSUPPORTED_REASONS: Record<string, string> = {
  'Fn::If': 'conditions are not evaluated; build the app without CfnCondition for local runs',
  'Fn::Equals': 'conditions are not evaluated',
  'Fn::And': 'conditions are not evaluated',
  'Fn::Or': 'conditions are not evaluated',
  'Fn::Not': 'conditions are not evaluated',
  Condition: 'conditions are not evaluated',
  'Fn::ImportValue': 'it runs one stack, so there are no exports from other stacks to import',
  'Fn::FindInMap': 'template mappings are not read',
  'Fn::GetAZs': 'there are no availability zones on one machine',
};

type JsonObject = Record<string, unknown>;

function resolve(value: unknown, context: ResolveContext, path: string): unknown {
  if (Array.isArray(value)) {
    return value
      .map((item, index) => resolve(item, context, `${path}[${index}]`))
      .filter((item) => item !== NO_VALUE);
  }
  if (!isPlainObject(value)) return value;

  const entries = Object.entries(value);
  const [only] = entries;
  if (only !== undefined && entries.length === 1) {
    const [key, argument] = only;
    if (key === 'Ref') return resolveRef(argument, context, childPath(path, key));
    if (key.startsWith('Fn::')) return resolveFunction(key, argument, context, childPath(path, key));
    // `{ "Condition": "Name" }` references a condition; IAM's `Condition` block is an object.
    if (key === 'Condition' && typeof argument === 'string') {
      throw new UnsupportedIntrinsicError(path, key, UNSUPPORTED_REASONS[key] ?? '');
    }
  }

  const result: JsonObject = {};
  for (const [key, item] of entries) {
    const resolved = resolve(item, context, childPath(path, key));
    if (resolved !== NO_VALUE) result[key] = resolved;
  }
  return result;
}

function resolveRef(argument: unknown, context: ResolveContext, path: string): unknown {
  if (typeof argument !== 'string') {
    throw new UnresolvableIntrinsicError(path, `Ref needs a logical ID, got ${describe(argument)}`);
  }
  if (argument === 'AWS::NoValue') return NO_VALUE;
  const value = context.ref(argument);
  if (value === undefined) {
    throw new UnresolvableIntrinsicError(path, `Ref to unknown logical ID or pseudo parameter "${argument}"`);
  }
  return value;
}

function resolveFunction(name: string, argument: unknown, context: ResolveContext, path: string): unknown {
  const reason = UNSUPPORTED_REASONS[name];
  if (reason !== undefined) throw new UnsupportedIntrinsicError(path, name, reason);
  switch (name) {
    case 'Fn::GetAtt':
      return resolveGetAtt(argument, context, path);
    case 'Fn::Join':
      return resolveJoin(argument, context, path);
    case 'Fn::Sub':
      return resolveSub(argument, context, path);
    case 'Fn::Select':
      return resolveSelect(argument, context, path);
    case 'Fn::Split':
      return resolveSplit(argument, context, path);
    case 'Fn::Base64':
      return Buffer.from(
        requireString(resolve(argument, context, path), path, 'Fn::Base64'),
        'utf8',
      ).toString('base64');
    default:
      throw new UnsupportedIntrinsicError(path, name, 'unknown or unsupported intrinsic function');
  }
}

function resolveGetAtt(argument: unknown, context: ResolveContext, path: string): unknown {
  let logicalId: unknown;
  let attribute: unknown;
  if (typeof argument === 'string') {
    // "Logical.Attr"; the attribute itself may contain dots (`Endpoint.Address`).
    const dot = argument.indexOf('.');
    logicalId = dot > 0 ? argument.slice(0, dot) : undefined;
    attribute = dot > 0 ? argument.slice(dot + 1) : undefined;
  } else if (Array.isArray(argument) && argument.length === 2) {
    logicalId = argument[0];
    attribute = resolve(argument[1], context, `${path}[1]`);
  }
  if (
    typeof logicalId !== 'string' ||
    typeof attribute !== 'string' ||
    logicalId === '' ||
    attribute === ''
  ) {
    throw new UnresolvableIntrinsicError(
      path,
      `Fn::GetAtt needs [logicalId, attribute] or "LogicalId.Attribute", got ${describe(argument)}`,
    );
  }
  return getAtt(logicalId, attribute, context, path);
}

function getAtt(logicalId: string, attribute: string, context: ResolveContext, path: string): unknown {
  const value = context.getAtt(logicalId, attribute);
  if (value === undefined) {
    throw new UnresolvableIntrinsicError(path, `Fn::GetAtt of unknown attribute "${logicalId}.${attribute}"`);
  }
  return value;
}

function resolveJoin(argument: unknown, context: ResolveContext, path: string): string {
  const [delimiter, list] = pair(argument, path, 'Fn::Join', '[delimiter, [values]]');
  if (typeof delimiter !== 'string') {
    throw new UnresolvableIntrinsicError(
      path,
      `Fn::Join needs a string delimiter, got ${describe(delimiter)}`,
    );
  }
  const values = resolve(list, context, `${path}[1]`);
  if (!Array.isArray(values)) {
    throw new UnresolvableIntrinsicError(
      `${path}[1]`,
      `Fn::Join needs a list of values, got ${describe(values)}`,
    );
  }
  return values.map((item, index) => scalarText(item, `${path}[1][${index}]`, 'Fn::Join')).join(delimiter);
}

function resolveSub(argument: unknown, context: ResolveContext, path: string): string {
  let template: unknown = argument;
  let variables: JsonObject = {};
  if (Array.isArray(argument)) {
    const [text, map] = pair(argument, path, 'Fn::Sub', '"text" or ["text", { variables }]');
    const resolvedMap = resolve(map, context, `${path}[1]`);
    if (!isPlainObject(resolvedMap)) {
      throw new UnresolvableIntrinsicError(
        `${path}[1]`,
        `Fn::Sub needs a variables object, got ${describe(map)}`,
      );
    }
    template = text;
    variables = resolvedMap;
  }
  if (typeof template !== 'string') {
    throw new UnresolvableIntrinsicError(path, `Fn::Sub needs a string template, got ${describe(template)}`);
  }
  return template.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
    // `${!Literal}` is written out as `${Literal}`.
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const where = `${path} \${${name}}`;
    if (Object.hasOwn(variables, name)) return scalarText(variables[name], where, 'Fn::Sub');
    const dot = name.indexOf('.');
    if (dot > 0)
      return scalarText(getAtt(name.slice(0, dot), name.slice(dot + 1), context, where), where, 'Fn::Sub');
    const value = resolveRef(name, context, where);
    if (value === NO_VALUE)
      throw new UnresolvableIntrinsicError(where, 'Fn::Sub cannot substitute AWS::NoValue');
    return scalarText(value, where, 'Fn::Sub');
  });
}

function resolveSelect(argument: unknown, context: ResolveContext, path: string): unknown {
  const [rawIndex, list] = pair(argument, path, 'Fn::Select', '[index, [values]]');
  const index = resolve(rawIndex, context, `${path}[0]`);
  const position = typeof index === 'string' && /^\d+$/.test(index) ? Number(index) : index;
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
    throw new UnresolvableIntrinsicError(
      `${path}[0]`,
      `Fn::Select needs a non-negative index, got ${describe(index)}`,
    );
  }
  const values = resolve(list, context, `${path}[1]`);
  if (!Array.isArray(values)) {
    throw new UnresolvableIntrinsicError(`${path}[1]`, `Fn::Select needs a list, got ${describe(values)}`);
  }
  if (position >= values.length) {
    throw new UnresolvableIntrinsicError(
      path,
      `Fn::Select index ${position} is out of range for ${values.length} values`,
    );
  }
  return values[position];
}

function resolveSplit(argument: unknown, context: ResolveContext, path: string): string[] {
  const [delimiter, source] = pair(argument, path, 'Fn::Split', '[delimiter, "text"]');
  if (typeof delimiter !== 'string' || delimiter === '') {
    throw new UnresolvableIntrinsicError(
      path,
      `Fn::Split needs a non-empty string delimiter, got ${describe(delimiter)}`,
    );
  }
  const text = requireString(resolve(source, context, `${path}[1]`), `${path}[1]`, 'Fn::Split');
  return text.split(delimiter);
}

function pair(argument: unknown, path: string, name: string, shape: string): [unknown, unknown] {
  if (!Array.isArray(argument) || argument.length !== 2) {
    throw new UnresolvableIntrinsicError(path, `${name} needs ${shape}, got ${describe(argument)}`);
  }
  return [argument[0], argument[1]];
}

/** Strings pass through; numbers are written as CloudFormation writes them into strings. */
function scalarText(value: unknown, path: string, name: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new UnresolvableIntrinsicError(path, `${name} needs a string here, got ${describe(value)}`);
}

function requireString(value: unknown, path: string, name: string): string {
  if (typeof value !== 'string') {
    throw new UnresolvableIntrinsicError(path, `${name} needs a string, got ${describe(value)}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function childPath(path: string, key: string): string {
  return /^[A-Za-z_][\w]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === NO_VALUE) return 'AWS::NoValue';
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
}
