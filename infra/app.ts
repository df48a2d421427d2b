// The CDK entry point (cdk.json: "node infra/app.ts"); Node 24 runs it natively.
import { buildStilleApp } from './stille-app.ts';

const { app } = buildStilleApp();
app.synth();
