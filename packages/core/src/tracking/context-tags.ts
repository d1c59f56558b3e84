import { userInfo } from 'node:os';

/** The user name as Python's `getpass.getuser()` finds it, which is what MLflow records as `mlflow.user`. */
export function currentUser(env: NodeJS.ProcessEnv): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) {
    const value = env[name];
    if (value) return value;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The tags MLflow's default run context adds to every run it starts: who, from which program, run locally. */
export function contextTags(env: NodeJS.ProcessEnv): Record<string, string> {
  return {
    'mlflow.user': currentUser(env),
    'mlflow.source.name': process.argv[1] ?? '',
    'mlflow.source.type': 'LOCAL',
  };
}
