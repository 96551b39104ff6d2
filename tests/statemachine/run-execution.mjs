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
//   - Retry intervals are overridden to 0 ms so tests do not sleep; attempts and matching are unchanged.
// Other AWS edges: sns:publish records the message; states:startExecution.sync:2 runs the same (adapted)
// definition as a child execution, in process.
//
// usage: node run-execution.mjs CONFIG.json   (see StateMachineHarness.cs for the config)
// prints one JSON line: {"status": "SUCCEEDED"|"FAILED", "output", "error", "cause", "tasks": [...]}
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';

const config = JSON.parse(await readFile(process.argv[2], 'utf8'));
const tasks = [];

const definition = substitute(await readFile(config.definitionFile, 'utf8'), config.substitutions);
const retryIntervalOverrides = {};
const taskResourceLocalHandlers = {};
adapt(definition);

const outcome = await execute(config.input, config.context);
print(outcome);

async function execute(input, context) {
  const machine = new StateMachine(structuredClone(definition), { validationOptions: { checkPaths: true, checkArn: true } });
  const execution = machine.run(input, { overrides: { taskResourceLocalHandlers, retryIntervalOverrides }, context });
  try {
    return { status: 'SUCCEEDED', output: await execution.result };
  } catch (error) {
    // The interpreter wraps a failure in ExecutionError; its cause is the state's error.
    const failure = error?.cause ?? error;
    return { status: 'FAILED', error: failure?.name ?? 'Error', cause: failure?.message ?? String(failure) };
  }
}

function print(result) {
  process.stdout.write(JSON.stringify({ ...result, tasks }) + '\n');
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
    }
    if (state.Type === 'Task') taskResourceLocalHandlers[name] = handlerFor(name, state);
    if (state.Type === 'Map') {
      const processor = state.ItemProcessor ?? state.Iterator;
      adapt(processor);
      if (state.ItemReader) emulateItemReader(machineDefinition, name, state);
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
    // moto_server checks that a request is signed, not the signature: the state machine's role signs for real.
    const response = await fetch(`${config.s3Endpoint}/${Bucket}/${Key.split('/').map(encodeURIComponent).join('/')}`, {
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=test' },
    });
    if (!response.ok) throw taskError('States.ItemReaderFailed', `s3:getObject ${Bucket}/${Key}: HTTP ${response.status}`);
    return JSON.parse(await response.text());
  };
  delete map.ItemReader;
  map.ItemsPath = itemsPath;
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
  if (state.Resource === 'arn:aws:states:::s3:getObject') return undefined;
  if (state.Resource === 'arn:aws:states:::sns:publish') {
    return async ({ TopicArn, Message }) => {
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
  if (run.code === 0) return { ExecutedVersion: '$LATEST', Payload: JSON.parse(run.stdout), StatusCode: 200 };
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
  const override = (parameters.Overrides?.ContainerOverrides ?? []).find((o) => o.Name === task.containerName) ?? {};
  const env = { ...task.env };
  for (const { Name, Value } of override.Environment ?? []) env[Name] = Value;
  const command = [...task.command, ...(override.Command ?? [])];
  const run = await spawnProcess(command, env, '');
  const taskArn = `arn:aws:ecs:us-east-1:123456789012:task/${parameters.Cluster.split('/').pop()}/${randomUUID().replaceAll('-', '')}`;
  tasks.push({ state: stateName, kind: 'ecs', exitCode: run.code, environment: override.Environment ?? [], stdout: run.stdout.slice(-20000), stderr: run.stderr.slice(-4000) });
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
