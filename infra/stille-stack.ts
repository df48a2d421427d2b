import { Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { EventIngestionWorkflow } from '../workflows/event-ingestion.ts';
import { InvoiceRunWorkflow } from '../workflows/invoice-run.ts';
import { CommsFunction, type CommsFunctionProps } from './comms-function.ts';
import {
  type FunctionAccess,
  functionEnvironment,
  grantFunctionAccess,
  type SharedResources,
} from './config.ts';
import { DataStore } from './data-store.ts';
import { EventRouting } from './event-routing.ts';
import { EVENT_TYPES, type EventType } from './event-types.ts';
import { RunsBucket } from './runs-bucket.ts';

/** Properties of the {@link StilleStack}. */
export interface StilleStackProps extends StackProps {
  /** Deletion protection on every table. @default true */
  readonly deletionProtection?: boolean;
}

/** A function of the stack: where its handler is and what it may touch. */
interface FunctionSpec extends Omit<CommsFunctionProps, 'environment'> {
  readonly access: FunctionAccess;
}

/**
 * stille on AWS: the tables, the runs bucket, the functions, the workflows and the event routing
 * that starts them.
 */
export class StilleStack extends Stack {
  /** All tables. */
  readonly data: DataStore;
  /** The tables, one by one. */
  readonly customersTable: Table;
  readonly invoicesTable: Table;
  readonly ticketsTable: Table;
  readonly messagesTable: Table;
  readonly priceChangesTable: Table;
  readonly surveysTable: Table;
  readonly rejectionsTable: Table;
  /** The runs bucket construct (bucket and its access log bucket). */
  readonly runs: RunsBucket;
  /** The bucket invoice run files are put in. */
  readonly runsBucket: Bucket;
  /** `IngestEvent`: validates and stores one event. */
  readonly ingestEvent: CommsFunction;
  /** `RecordRejection`: stores a rejected event. */
  readonly recordRejection: CommsFunction;
  /** `PrepareInvoiceRun`: validates an `Invoice Run Submitted` event and locates its file. */
  readonly prepareInvoiceRun: CommsFunction;
  /** `ProcessInvoiceBatch`: handles one batch of a run's invoices. */
  readonly processInvoiceBatch: CommsFunction;
  /** The EventIngestion workflow (Express). */
  readonly eventIngestion: EventIngestionWorkflow;
  /** The InvoiceRun workflow (Standard, Distributed Map). */
  readonly invoiceRun: InvoiceRunWorkflow;
  /** The EventIngestion state machine. */
  readonly eventIngestionStateMachine: StateMachine;
  /** The InvoiceRun state machine. */
  readonly invoiceRunStateMachine: StateMachine;
  /** The bus, its archive and rules. */
  readonly routing: EventRouting;
  /** The `stille` event bus. */
  readonly eventBus: EventBus;

  constructor(scope: Construct, id: string, props: StilleStackProps = {}) {
    super(scope, id, { description: 'stille: proactive, explained customer messages', ...props });

    this.data = new DataStore(this, 'Data', { deletionProtection: props.deletionProtection ?? true });
    this.customersTable = this.data.customers;
    this.invoicesTable = this.data.invoices;
    this.ticketsTable = this.data.tickets;
    this.messagesTable = this.data.messages;
    this.priceChangesTable = this.data.priceChanges;
    this.surveysTable = this.data.surveys;
    this.rejectionsTable = this.data.rejections;

    this.runs = new RunsBucket(this, 'Runs');
    this.runsBucket = this.runs.bucket;

    // The bus is created with the routing, which needs the workflows, which need the functions: no
    // function here publishes events, so none gets EVENT_BUS_NAME yet.
    const shared: SharedResources = { data: this.data, runsBucket: this.runsBucket };
    const fn = (id: string, spec: FunctionSpec): CommsFunction => {
      const { access, ...functionProps } = spec;
      const created = new CommsFunction(this, id, {
        ...functionProps,
        environment: functionEnvironment(shared, access),
      });
      grantFunctionAccess(shared, access, created.function);
      return created;
    };

    this.ingestEvent = fn('IngestEvent', {
      entry: 'functions/handlers/ingest-event.ts',
      description: 'Validates one event against its contract and stores what it says',
      access: {
        tables: {
          customers: 'readWrite',
          invoices: 'readWrite',
          tickets: 'readWrite',
          priceChanges: 'readWrite',
          surveys: 'readWrite',
        },
      },
    });
    this.recordRejection = fn('RecordRejection', {
      entry: 'functions/handlers/record-rejection.ts',
      description: 'Stores a rejected event with its field-level errors',
      access: { tables: { rejections: 'write' } },
    });
    this.prepareInvoiceRun = fn('PrepareInvoiceRun', {
      entry: 'functions/handlers/prepare-invoice-run.ts',
      description: 'Validates an Invoice Run Submitted event and locates its file in the runs bucket',
      access: { tables: { rejections: 'write' }, runsBucket: 'name' },
    });
    this.processInvoiceBatch = fn('ProcessInvoiceBatch', {
      entry: 'functions/handlers/process-invoice-batch.ts',
      description: 'Handles one batch of the invoices of a billing run',
      // 500 invoices a batch; well inside the 5 minutes an Express child may run, retries included.
      memorySize: 1024,
      timeout: Duration.minutes(2),
      access: { tables: { customers: 'read', invoices: 'write', rejections: 'write' } },
    });

    this.eventIngestion = new EventIngestionWorkflow(this, 'EventIngestion', {
      ingestEvent: this.ingestEvent.function,
      recordRejection: this.recordRejection.function,
    });
    this.eventIngestionStateMachine = this.eventIngestion.stateMachine;

    this.invoiceRun = new InvoiceRunWorkflow(this, 'InvoiceRun', {
      prepareInvoiceRun: this.prepareInvoiceRun.function,
      processInvoiceBatch: this.processInvoiceBatch.function,
      recordRejection: this.recordRejection.function,
      runsBucket: this.runsBucket,
    });
    this.invoiceRunStateMachine = this.invoiceRun.stateMachine;

    const targets = Object.fromEntries(
      EVENT_TYPES.map((detailType) => [
        detailType,
        detailType === 'Invoice Run Submitted'
          ? this.invoiceRunStateMachine
          : this.eventIngestionStateMachine,
      ]),
    ) as Record<EventType, StateMachine>;
    this.routing = new EventRouting(this, 'Routing', {
      targets,
      unknownEventTarget: this.eventIngestionStateMachine,
    });
    this.eventBus = this.routing.eventBus;
  }
}
