// Executes the real state machine definition under aws-local-stepfunctions (an independent ASL
// interpreter), with Task states overridden at the AWS edge only:
//   - arn:aws:states:::lambda:invoke  -> the real handler, in its own process (tests/LambdaHost), with the
//                                        function's environment; result shaped like lambda:invoke's output.
//   - arn:aws:states:::ecs:runTask.sync -> the real runner process with the task definition's environment plus
//                                        the container overrides; result shaped like DescribeTasks, and a
//                                        non-zero exit fails the state with States.TaskFailed like ECS does.
// Where the interpreter lacks a feature the definition uses, the definition is adapted, and only there:
//   - ItemReader (not implemented): a Task state inserted before the Map reads the same S3 object through the
//     S3 protocol (moto_server) with the ItemReader's own Parameters, and the Map iterates it (ItemsPath).
//   - ToleratedFailurePercentage (not implemented; the Map runs inline): 100% is emulated by catching every
//     error of an iteration and ending that iteration, which is what a fully tolerant Map Run does.
//   - TimeoutSecondsPath: the interpreter resolves it against the effective input (after Parameters), where
//     AWS resolves it against the state input; such states get TimeoutSeconds = config.timeoutSeconds instead.
//   - A Task without a timeout: the interpreter stops it after 60 s (the States Language default), where AWS
//     sets none ("By default, the Amazon States Language doesn't specify timeouts", Step Functions developer
//     guide, "Using timeouts to avoid stuck executions"; the Lambda function's own timeout applies); such
//     states get the longest a Lambda function may run, 900 s.
//   - ResultWriter (not implemented): the Map's results go to a Task state inserted after it, which writes them
//     through the S3 protocol with the ResultWriter's own Parameters, laid out as AWS does (<Prefix>/<map run
//     id>/manifest.json, SUCCEEDED_0.json, FAILED_0.json), and gives the Map's original ResultPath what AWS
//     returns ({MapRunArn, ResultWriterDetails}).
//   - Retry intervals are overridden to 0 ms so tests do not sleep; attempts and matching are unchanged.
// Other AWS edges: sns:publish records the message; states:startExecution.sync:2 runs the same (adapted)
// definition as a child execution, in process. A task definition with "stub" in the config runs a stand-in
// runner in process instead of the runner (for org-sized runs; see stubRunTask).
//
// Measurements (AWS limits the interpreter does not enforce): the largest state input/output (JSON, UTF-8
// bytes, without the keys the adaptations above add), task result and SNS message; each RunTask's overrides
// (JSON characters, which is what ECS counts); the interpreter's events per state, and per Map state the
// events its execution history would hold on AWS (see historyEvents).
//
// usage: node run-execution.mjs CONFIG.json   (see StateMachineHarness.cs for the config)
// prints one JSON line: {"status": "SUCCEEDED"|"FAILED", "output", "error", "cause", "tasks": [...], "measurements"}
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';

const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
const tasks = [];
const measurements = {
  largestStatePayload: { bytes: 0 },
  largestTaskResult: { bytes: 0 },
  largestSnsMessage: { bytes: 0 },
  largestOverrides: { characters: 0 },
  interpreterEvents: {},
  mapHistoryEvents: {},
};

// Tasks started per batch key, for the stand-in runner (stubRunTask).
const batchAttempts = {};

// Keys the adaptations add to the state; AWS's states never carry them.
const adaptationKeys = new Set(['__itemReaderItems', '__mapResults', '__error']);

// Events a Map state adds to its execution's history on AWS, from the interpreter's events. Step Functions'
// HistoryEvent types (API reference, HistoryEvent): a Map state is MapStateEntered, MapStateStarted,
// MapStateSucceeded|MapStateFailed, MapStateExited; an iteration MapIterationStarted and
// MapIterationSucceeded|MapIterationFailed|MapIterationAborted; a service-integration Task attempt
// TaskStateEntered (first attempt), TaskScheduled, TaskStarted, TaskSubmitted (.sync), TaskSucceeded|TaskFailed,
// TaskStateExited; Pass/Choice states their Entered and Exited.
const awsEventsFor = {
  Map: { StateEntered: 2, StateExited: 2, StateFailed: 1, StateCaught: 0 },
  Task: { StateEntered: 4, StateRetried: 4, StateExited: 2, StateFailed: 1, StateCaught: 0 },
  Other: { StateEntered: 1, StateExited: 1, StateFailed: 1, StateCaught: 0 },
};

const definition = substitute(await readFile(config.definitionFile, 'utf8'), config.substitutions);
const retryIntervalOverrides = {};
const taskResourceLocalHandlers = {};
adapt(definition);

const outcome = await execute(config.input, config.context);
print(outcome);

async function execute(input, context) {
  const machine = new StateMachine(structuredClone(definition), { validationOptions: { checkPaths: true, checkArn: true } });
  const execution = machine.run(input, { overrides: { taskResourceLocalHandlers, retryIntervalOverrides }, context });
  const measured = measure(execution.eventLogs);
  try {
    const output = await execution.result;
    await measured;
    return { status: 'SUCCEEDED', output };
  } catch (error) {
    await measured;
    // The interpreter wraps a failure in ExecutionError; its cause is the state's error.
    const failure = error?.cause ?? error;
    return { status: 'FAILED', error: failure?.name ?? 'Error', cause: failure?.message ?? String(failure) };
  }
}

function print(result) {
  process.stdout.write(JSON.stringify({ ...result, tasks, measurements }) + '\n');
}

function jsonBytes(value) {
  return Buffer.byteLength(JSON.stringify(value, (key, v) => (adaptationKeys.has(key) ? undefined : v)) ?? '', 'utf8');
}

function keepLargest(slot, size, details) {
  const [unit] = Object.keys(slot);
  if (size > slot[unit]) Object.assign(slot, { [unit]: size, ...details });
}

async function measure(eventLogs) {
  const mapOfState = {};
  for (const [mapName, map] of Object.entries(definition.States)) {
    const processor = map.ItemProcessor ?? map.Iterator;
    for (const name of Object.keys(processor?.States ?? {})) mapOfState[name] = mapName;
  }
  for await (const event of eventLogs) {
    const stateName = event.state?.name ?? event.parentState?.name;
    const key = `${stateName ?? 'Execution'}:${event.type}`;
    measurements.interpreterEvents[key] = (measurements.interpreterEvents[key] ?? 0) + 1;
    if (event.state && event.type === 'StateEntered') keepLargest(measurements.largestStatePayload, jsonBytes(event.state.input), { state: stateName, side: 'input' });
    if (event.state && event.type === 'StateExited') keepLargest(measurements.largestStatePayload, jsonBytes(event.state.output), { state: stateName, side: 'output' });
    const map = event.parentState ? event.parentState.name : definition.States[stateName]?.Type === 'Map' ? stateName : mapOfState[stateName];
    if (!map) continue;
    const processor = definition.States[map].ItemProcessor ?? definition.States[map].Iterator;
    const type = event.parentState ? 'Iteration' : (definition.States[stateName] ?? processor.States[stateName]).Type;
    const aws = type === 'Iteration' ? 1 : (awsEventsFor[type] ?? awsEventsFor.Other)[event.type] ?? 0;
    measurements.mapHistoryEvents[map] = (measurements.mapHistoryEvents[map] ?? 0) + aws;
  }
}

function substitute(text, substitutions) {
  const substituted = text.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (!(name in substitutions)) throw new Error(`No substitution for \${${name}}`);
    return substitutions[name];
  });
  return JSON.parse(substituted);
}

/** Walks every state (nested ones too), installs overrides and adapts unsupported features. */
function adapt(machineDefinition) {
  for (const [name, state] of Object.entries({ ...machineDefinition.States })) {
    if (state.Retry) retryIntervalOverrides[name] = 0;
    if (state.TimeoutSecondsPath) {
      state.TimeoutSeconds = config.timeoutSeconds;
      delete state.TimeoutSecondsPath;
    } else if (state.Type === 'Task' && state.TimeoutSeconds === undefined) {
      state.TimeoutSeconds = 900;
    }
    if (state.Type === 'Task') taskResourceLocalHandlers[name] = handlerFor(name, state);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      adapt(processor);
      if (state.ItemReader) emulateItemReader(machineDefinition, name, state);
      if (state.ResultWriter) emulateResultWriter(machineDefinition, name, state);
      if (state.ToleratedFailurePercentage !== undefined || state.ToleratedFailureCount !== undefined) {
        if (state.ToleratedFailurePercentage !== 100) throw new Error(`${name}: only ToleratedFailurePercentage 100 is emulated`);
        tolerateEveryFailure(processor);
        delete state.ToleratedFailurePercentage;
      }
      if (processor.ProcessorConfig) processor.ProcessorConfig = { Mode: 'INLINE' };
    }
  }
}

function emulateItemReader(machineDefinition, mapName, map) {
  const readerName = `${mapName}ItemReader`;
  const itemsPath = '$.__itemReaderItems';
  machineDefinition.States[readerName] = {
    Type: 'Task',
    Resource: 'arn:aws:states:::s3:getObject',
    Parameters: map.ItemReader.Parameters,
    ResultPath: itemsPath,
    Next: mapName,
  };
  for (const state of Object.values(machineDefinition.States)) {
    if (state.Next === mapName && state !== machineDefinition.States[readerName]) state.Next = readerName;
    for (const catcher of state.Catch ?? []) if (catcher.Next === mapName) catcher.Next = readerName;
  }
  if (machineDefinition.StartAt === mapName) machineDefinition.StartAt = readerName;
  taskResourceLocalHandlers[readerName] = async ({ Bucket, Key }) => {
    try {
      return JSON.parse(await s3Get(Bucket, Key));
    } catch (error) {
      throw taskError('States.ItemReaderFailed', error.message);
    }
  };
  delete map.ItemReader;
  map.ItemsPath = itemsPath;
}

function emulateResultWriter(machineDefinition, mapName, map) {
  const writerName = `${mapName}ResultWriter`;
  const resultsPath = '$.__mapResults';
  if (map.ResultPath !== null) throw new Error(`${mapName}: ResultWriter is emulated for ResultPath null only`);
  machineDefinition.States[writerName] = {
    Type: 'Task',
    Resource: 'arn:aws:states:::s3:putObject',
    Parameters: { ...map.ResultWriter.Parameters, 'Results.$': resultsPath, 'State.$': '$' },
    ResultPath: '$',
    ...(map.End ? { End: true } : { Next: map.Next }),
  };
  delete map.End;
  map.Next = writerName;
  map.ResultPath = resultsPath;
  taskResourceLocalHandlers[writerName] = async ({ Bucket, Prefix, Results, State }) => {
    const mapRunId = randomUUID();
    const base = `${Prefix}/${mapRunId}`;
    const mapRunArn = `arn:aws:states:us-east-1:123456789012:mapRun:${config.context.Execution.Name}/${mapName}:${mapRunId}`;
    const failed = Results.filter((r) => r && r.__error);
    const succeeded = Results.filter((r) => !(r && r.__error));
    const files = { SUCCEEDED: [], FAILED: [], PENDING: [] };
    for (const [status, results] of [['SUCCEEDED', succeeded], ['FAILED', failed]]) {
      if (results.length === 0) continue;
      const entries = results.map((r) => (status === 'FAILED' ? { Status: status, Error: r.__error.Error, Cause: r.__error.Cause } : { Status: status, Output: JSON.stringify(r) }));
      const key = `${base}/${status}_0.json`;
      const body = JSON.stringify(entries);
      await s3Put(Bucket, key, body);
      files[status].push({ Key: key, Size: Buffer.byteLength(body) });
    }
    const manifestKey = `${base}/manifest.json`;
    await s3Put(Bucket, manifestKey, JSON.stringify({ DestinationBucket: Bucket, MapRunArn: mapRunArn, ResultFiles: files }));
    tasks.push({ state: writerName, kind: 'result-writer', bucket: Bucket, key: manifestKey, succeeded: succeeded.length, failed: failed.length });
    const { __mapResults, ...rest } = State;
    return rest;
  };
  delete map.ResultWriter;
}

// moto_server checks that a request is signed, not the signature: the state machine's role signs for real.
function s3Request(bucket, key, init = {}) {
  return fetch(`${config.s3Endpoint}/${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`, {
    ...init,
    headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=test' },
  });
}

async function s3Get(bucket, key) {
  const response = await s3Request(bucket, key);
  if (!response.ok) throw taskError('S3.NoSuchKey', `s3:getObject ${bucket}/${key}: HTTP ${response.status}`);
  return response.text();
}

async function s3Put(bucket, key, body) {
  const response = await s3Request(bucket, key, { method: 'PUT', body });
  if (!response.ok) throw taskError('S3.PutObjectFailed', `s3:putObject ${bucket}/${key}: HTTP ${response.status} ${await response.text()}`);
}

function tolerateEveryFailure(processor) {
  const tolerated = '__Tolerated';
  for (const state of Object.values(processor.States)) {
    if (['Task', 'Map', 'Parallel'].includes(state.Type)) {
      state.Catch = [...(state.Catch ?? []), { ErrorEquals: ['States.ALL'], Next: tolerated, ResultPath: '$.__error' }];
    }
  }
  processor.States[tolerated] = { Type: 'Pass', End: true };
}

function handlerFor(stateName, state) {
  if (state.Resource === 'arn:aws:states:::lambda:invoke') return (input) => invokeLambda(stateName, input);
  if (state.Resource === 'arn:aws:states:::ecs:runTask.sync') return (input) => runTask(stateName, input);
  if (state.Resource === 'arn:aws:states:::s3:getObject' || state.Resource === 'arn:aws:states:::s3:putObject') return undefined;
  if (state.Resource === 'arn:aws:states:::sns:publish') {
    return async ({ TopicArn, Message }) => {
      keepLargest(measurements.largestSnsMessage, Buffer.byteLength(Message, 'utf8'), { state: stateName });
      tasks.push({ state: stateName, kind: 'sns', topic: TopicArn, message: Message });
      return { MessageId: randomUUID() };
    };
  }
  if (state.Resource === 'arn:aws:states:::states:startExecution.sync:2') return (input) => startChild(stateName, input);
  throw new Error(`${stateName}: no local stand-in for resource ${state.Resource}`);
}

async function invokeLambda(stateName, { FunctionName, Payload }) {
  const fn = config.lambdas[FunctionName];
  if (!fn) throw new Error(`${stateName}: unknown function ${FunctionName}`);
  const run = await spawnProcess(fn.command, fn.env, JSON.stringify(Payload));
  tasks.push({ state: stateName, kind: 'lambda', function: FunctionName, exitCode: run.code, stderr: run.stderr.slice(-4000) });
  if (run.code === 0) {
    const result = { ExecutedVersion: '$LATEST', Payload: JSON.parse(run.stdout), StatusCode: 200 };
    keepLargest(measurements.largestTaskResult, jsonBytes(result), { state: stateName });
    return result;
  }
  if (run.code === 3) {
    const failure = JSON.parse(run.stdout);
    // Step Functions reports a function error as Error = errorType, Cause = the error document.
    throw taskError(failure.errorType, JSON.stringify(failure));
  }
  throw taskError('Lambda.Unknown', `exit ${run.code}: ${run.stderr.slice(-2000)}`);
}

async function runTask(stateName, parameters) {
  const task = config.ecs[parameters.TaskDefinition];
  if (!task) throw new Error(`${stateName}: unknown task definition ${parameters.TaskDefinition}`);
  // RunTask: "A total of 8192 characters are allowed for overrides. This limit includes the JSON formatting
  // characters of the override structure." (ECS API reference, RunTask, overrides)
  const overridesCharacters = JSON.stringify(parameters.Overrides ?? {}).length;
  keepLargest(measurements.largestOverrides, overridesCharacters, { state: stateName });
  const override = (parameters.Overrides?.ContainerOverrides ?? []).find((o) => o.Name === task.containerName) ?? {};
  const env = { ...task.env };
  for (const { Name, Value } of override.Environment ?? []) env[Name] = Value;
  const command = [...task.command, ...(override.Command ?? [])];
  const run = task.stub ? await stubRunTask(task.stub, override.Command ?? [], env) : await spawnProcess(command, env, '');
  const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${parameters.Cluster.split('/').pop()}/${randomUUID().replaceAll('-', '')}`;
  tasks.push({ state: stateName, kind: 'ecs', exitCode: run.code, overridesCharacters, environment: override.Environment ?? [], stdout: run.stdout.slice(-20000), stderr: run.stderr.slice(-4000) });
  const description = {
    TaskArn: taskArn,
    LastStatus: 'STOPPED',
    StopCode: 'EssentialContainerExited',
    StoppedReason: 'Essential container in task exited',
    Containers: [{ Name: task.containerName, ExitCode: run.code, LastStatus: 'STOPPED' }],
    Overrides: parameters.Overrides,
  };
  if (run.code !== 0) throw taskError('States.TaskFailed', JSON.stringify(description));
  return description;
}

// A stand-in runner for org-sized runs: "run-batch" reads its batch file and writes a result file the way the
// runner's BatchRunner does (every repository "empty", or "failed" when its name matches stub.failPattern, on
// the first pass only unless stub.failAgain), and exits 1 when a strict batch has failures; "verify" exits 0.
// With stub.holdFirstAttempt, a batch's first task never finishes (until the state's timeout stops it).

async function stubRunTask(stub, command, env) {
  if (command[0] !== 'run-batch') return { code: 0, stdout: '', stderr: '' };
  const attempt = (batchAttempts[env.GITHUB_BACKUP_BATCH_KEY] = (batchAttempts[env.GITHUB_BACKUP_BATCH_KEY] ?? 0) + 1);
  if (stub.holdFirstAttempt && attempt === 1) return new Promise(() => {});
  const [, bucket, prefix = ''] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(env.GITHUB_BACKUP_DEST);
  const root = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
  const batchKey = env.GITHUB_BACKUP_BATCH_KEY;
  const batch = JSON.parse(await s3Get(bucket, root + batchKey));
  if (batch.runId !== env.GITHUB_BACKUP_RUN_ID) return { code: 2, stdout: '', stderr: `batch ${batchKey} is not of run ${env.GITHUB_BACKUP_RUN_ID}` };
  const now = new Date().toISOString();
  const fails = (repo) => new RegExp(stub.failPattern ?? '(?!)').test(repo.name) && (!batch.strict || stub.failAgain);
  const entries = batch.repos.map((repo) => ({
    name: repo.name,
    fullName: repo.fullName,
    status: fails(repo) ? 'failed' : 'empty',
    defaultBranch: repo.defaultBranch,
    error: fails(repo) ? 'stub runner: failed as the test asked' : null,
    finishedAt: now,
    runId: batch.runId,
  }));
  // RunLayout.ResultKey: results/<batch name>.json next to batches/.
  const resultKey = `${batchKey.slice(0, batchKey.lastIndexOf('/batches/'))}/results/${batch.name}.json`;
  await s3Put(bucket, root + resultKey, JSON.stringify({ runId: batch.runId, batch: batch.name, startedAt: now, finishedAt: now, entries }));
  const failed = entries.filter((e) => e.status === 'failed').length;
  return { code: batch.strict && failed > 0 ? 1 : 0, stdout: JSON.stringify({ event: 'batch.finished', batch: batch.name, strict: batch.strict, failed }), stderr: '' };
}

async function startChild(stateName, { StateMachineArn, Name, Input }) {
  const executionArn = `${StateMachineArn.replace(':stateMachine:', ':execution:')}:${Name}`;
  const startTime = new Date().toISOString();
  tasks.push({ state: stateName, kind: 'execution', name: Name, input: Input });
  const child = await execute(Input, { Execution: { Id: executionArn, Name, StartTime: startTime, Input } });
  tasks.push({ state: stateName, kind: 'execution-result', name: Name, status: child.status, error: child.error ?? null });
  const description = { ExecutionArn: executionArn, Name, Status: child.status, StartDate: startTime, Input, Output: child.output ?? null, Error: child.error, Cause: child.cause };
  if (child.status !== 'SUCCEEDED') throw taskError('States.TaskFailed', JSON.stringify(description));
  return description;
}

function taskError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

function spawnProcess([file, ...args], env, stdin) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}
