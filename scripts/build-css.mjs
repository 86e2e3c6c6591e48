// Builds app/styles/generated.css with the Tailwind CLI (config in scripts/).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync(
  process.execPath,
  [
    path.join(root, 'node_modules/tailwindcss/lib/cli.js'),
    '-c',
    path.join(root, 'scripts/tailwind.config.cjs'),
    '-i',
    path.join(root, 'app/styles/tailwind.css'),
    '-o',
    path.join(root, 'app/styles/generated.css'),
    '--minify',
  ],
  { stdio: 'inherit', cwd: root },
);
