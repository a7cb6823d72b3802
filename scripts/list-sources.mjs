// Lists the addon's C++ sources for binding.gyp, so adding a kernel never means editing the build file.
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dirs = ['native/core', 'native/addon', 'native/platform'];
const files = ['native/addon.cc'];
for (const dir of dirs) {
  for (const name of readdirSync(dir, { recursive: true })) {
    if (String(name).endsWith('.cc')) files.push(path.posix.join(dir, String(name).split(path.sep).join('/')));
  }
}
console.log(files.sort().join(' '));
