/**
 * Loads the CLI bundle with a V8 code cache. Node 20 has no built-in compile cache
 * (module.enableCompileCache arrived in Node 22), and compiling the bundle is a
 * visible part of every `spaces` call: with the cache, `spaces ls` spends its time
 * talking to the daemon instead of parsing JavaScript.
 *
 * The cache file is named after the bundle's size and mtime and Node's version, so
 * a rebuilt bundle or another Node never reuses stale code; V8 also rejects a cache
 * that does not match. Any failure falls back to a plain require.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';

const bundle = path.join(__dirname, 'cli.js');

function loadWithCache(): boolean {
  let st: fs.Stats;
  let source: string;
  try {
    st = fs.statSync(bundle);
    source = fs.readFileSync(bundle, 'utf8');
  } catch {
    return false;
  }
  const cacheDir = path.join(__dirname, '.cache');
  const cacheFile = path.join(cacheDir, `cli-${st.size}-${Math.floor(st.mtimeMs)}-${process.version}.bin`);
  let cached: Buffer | undefined;
  try {
    cached = fs.readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapper, { filename: bundle, cachedData: cached });
  const fn = script.runInThisContext() as (...args: unknown[]) => void;
  if (!cached || script.cachedDataRejected) {
    // Written at exit, when the functions this run needed have been compiled too.
    process.once('exit', () => {
      try {
        fs.mkdirSync(cacheDir, { recursive: true });
        const tmp = `${cacheFile}.${process.pid}`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, cacheFile);
      } catch {
        // Read-only install: run without a cache.
      }
    });
  }
  const mod = { exports: {} };
  fn.call(mod.exports, mod.exports, require, mod, bundle, __dirname);
  return true;
}

if (!loadWithCache()) require(bundle);
