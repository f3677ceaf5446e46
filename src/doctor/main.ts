import { doctorCli } from './cli.ts';

const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
process.exitCode = await doctorCli(process.argv.slice(2), process.env, io);
