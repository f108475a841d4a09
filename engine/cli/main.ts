import { runCli } from './stratus';

const code = await runCli(process.argv);
// serve keeps running on its own handles; other commands end here.
if (code !== 0) process.exit(code);
