/** The parts of a synthesized CloudFormation template the embedded runtime reads. */
export interface CloudFormationResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}
export interface CloudFormationTemplate {
  Resources: Record<string, CloudFormationResource>;
  Parameters?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
}
/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(
  template: CloudFormationTemplate,
  type: string,
): Array<[string, CloudFormationResource]> {
  return Object.entries(template.Resources).filter(([, resource]) => resource.Type === type);
}
