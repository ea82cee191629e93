import { resolve } from 'node:path';
import { stageImageFiles } from './stage-image-files';

// The Dockerfile's build stage: `tsx stage-app.ts <app> <stage dir>` after `nx build <app>`.
const [app, stageDir] = process.argv.slice(2);
if (!app || !stageDir) {
  console.error('usage: stage-app.ts <app> <stage dir>');
  process.exit(2);
}
const staged = stageImageFiles(resolve(__dirname, '../../..'), app, resolve(stageDir));
console.log(`staged for ${app}: ${staged.join(', ')}`);
