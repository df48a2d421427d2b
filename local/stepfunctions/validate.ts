import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { AslDefinition, StateDefinition } from './prepare.ts';

/**
 * Validates ASL definitions with the engine's own validator, all at once.
 *
 * The engine validates each definition it is given with a JSON schema validator that compiles its
 * schemas on every call (some 300 ms). The app has several state machines and Distributed Map
 * processors, so the runtime validates them together: each becomes a branch of one Parallel state,
 * its states renamed apart (state names are unique across a whole definition), and is validated in
 * one call. Only if that fails is each definition validated on its own, for a precise error.
 */

/** Definitions the validator accepted: engines for them are created without validating again. */
const validated = new WeakSet<AslDefinition>();
/** The text of every definition accepted in this process: a runtime started again skips the validator. */
const validatedTexts = new Set<string>();

/** Whether `definition` (the same object) was validated by {@link validateDefinitions}. */
export function isValidated(definition: AslDefinition): boolean {
  return validated.has(definition);
}

/**
 * Validates every definition as the engine would; throws the engine's error, naming the definition,
 * for the first invalid one.
 */
export function validateDefinitions(
  definitions: ReadonlyArray<{ name: string; definition: AslDefinition }>,
): void {
  const pending = definitions.filter((d) => {
    if (validated.has(d.definition)) return false;
    if (!validatedTexts.has(JSON.stringify(d.definition))) return true;
    validated.add(d.definition);
    return false;
  });
  if (pending.length === 0) return;
  if (pending.length > 1) {
    const combined: AslDefinition = {
      StartAt: 'All',
      States: {
        All: {
          Type: 'Parallel',
          End: true,
          Branches: pending.map((d, i) => renamed(d.definition, `${i}:`)),
        },
      },
    };
    if (tryValidate(combined)) {
      for (const d of pending) accept(d.definition);
      return;
    }
  }
  for (const d of pending) {
    try {
      validate(d.definition);
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      throw new Error(`State machine ${d.name}: ${err.message}`, { cause: error });
    }
    accept(d.definition);
  }
}

function accept(definition: AslDefinition): void {
  validated.add(definition);
  validatedTexts.add(JSON.stringify(definition));
}

function tryValidate(definition: AslDefinition): boolean {
  try {
    validate(definition);
    return true;
  } catch {
    return false;
  }
}

function validate(definition: AslDefinition): void {
  // The engine's definition type is stricter than our loose ASL type; it validates the full grammar.
  new StateMachine(structuredClone(definition) as unknown as StateMachineDefinition, {
    validationOptions: { checkArn: false },
  });
}

/** A copy of `definition` with every state name (and every reference to one) prefixed. */
function renamed(definition: AslDefinition, prefix: string): AslDefinition {
  const { TimeoutSeconds: _timeout, ...rest } = definition as AslDefinition & { Version?: string };
  const name = (value: unknown) => (typeof value === 'string' ? `${prefix}${value}` : value);
  const renameStates = (states: Record<string, StateDefinition>): Record<string, StateDefinition> =>
    Object.fromEntries(
      Object.entries(states).map(([stateName, state]) => [`${prefix}${stateName}`, renameState(state)]),
    );
  const renameMachine = (machine: Record<string, unknown>) => ({
    ...machine,
    StartAt: name(machine.StartAt),
    States: renameStates(machine.States as Record<string, StateDefinition>),
  });
  const renameState = (state: StateDefinition): StateDefinition => {
    const out: StateDefinition = { ...state };
    if (out.Next !== undefined) out.Next = name(out.Next);
    if (out.Default !== undefined) out.Default = name(out.Default);
    if (Array.isArray(out.Choices)) {
      out.Choices = out.Choices.map((choice: Record<string, unknown>) => ({
        ...choice,
        Next: name(choice.Next),
      }));
    }
    if (Array.isArray(out.Catch)) {
      out.Catch = out.Catch.map((catcher: Record<string, unknown>) => ({
        ...catcher,
        Next: name(catcher.Next),
      }));
    }
    if (Array.isArray(out.Branches)) {
      out.Branches = out.Branches.map((branch: Record<string, unknown>) => renameMachine(branch));
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      const processor = out[key];
      if (typeof processor === 'object' && processor !== null) {
        out[key] = renameMachine(processor as Record<string, unknown>);
      }
    }
    return out;
  };
  return { ...rest, StartAt: `${prefix}${definition.StartAt}`, States: renameStates(definition.States) };
}
