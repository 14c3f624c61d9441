// `pnpm build`: compiles the workspace to JavaScript for plain Node (production, the Docker image).
// Every package's src/ becomes its dist/ (prisma/scripts/ becomes prisma/dist/scripts/, for the
// migration job), with source maps; tests stay out and other files (templates, data) are copied.
// Workspace packages export dist/ by default and their sources only under the `@billops/source`
// condition (package.json "exports"), so compiled files import compiled files.
//
// Each file is transpiled on its own by the TypeScript compiler: tsconfig.base.json's
// isolatedModules and verbatimModuleSyntax make that exact, `pnpm typecheck` does the checking, and
// the whole workspace takes a couple of seconds instead of a second full type check.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(import.meta.dirname, '..');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2023,
  module: ts.ModuleKind.ESNext,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  rewriteRelativeImportExtensions: true,
  sourceMap: true,
};

/** [source directory, output directory], relative to the repository root. */
function sourceRoots(): [string, string][] {
  const packages = ['apps', 'packages'].flatMap((group) => readdirSync(join(ROOT, group)).map((name) => join(group, name)));
  const compiled = packages.filter((pkg) => existsSync(join(ROOT, pkg, 'src')));
  compiled.forEach(checkExports);
  return [...compiled.map((pkg): [string, string] => [join(pkg, 'src'), join(pkg, 'dist')]), ['prisma/scripts', 'prisma/dist/scripts']];
}

const isTest = (file: string) => /\.test\.ts$/.test(file);

/** A package whose exports name its sources unconditionally would make compiled code import TypeScript. */
function checkExports(pkg: string): void {
  const { exports } = JSON.parse(readFileSync(join(ROOT, pkg, 'package.json'), 'utf8')) as { exports?: Record<string, unknown> };
  for (const [path, target] of Object.entries(exports ?? {})) {
    const conditions = (typeof target === 'object' ? target : {}) as Record<string, unknown>;
    if (typeof conditions['@billops/source'] !== 'string' || !String(conditions.default).startsWith('./dist/')) {
      throw new Error(`${pkg}/package.json exports "${path}" must be { "@billops/source": "./src/….ts", "default": "./dist/….js" }`);
    }
  }
}

function compile(sourceFile: string, outFile: string): void {
  const { outputText, sourceMapText, diagnostics } = ts.transpileModule(readFileSync(sourceFile, 'utf8'), {
    compilerOptions: COMPILER_OPTIONS,
    fileName: basename(sourceFile),
    reportDiagnostics: true,
  });
  if (diagnostics?.length) throw new Error(`${sourceFile}: ${ts.formatDiagnostics(diagnostics, ts.createCompilerHost({}))}`);
  const map = JSON.parse(sourceMapText!) as { sources: string[] };
  map.sources = [relative(dirname(outFile), sourceFile)];
  writeFileSync(outFile, outputText);
  writeFileSync(`${outFile}.map`, JSON.stringify(map));
}

let files = 0;
for (const [source, out] of sourceRoots()) {
  rmSync(join(ROOT, out), { recursive: true, force: true });
  const entries = readdirSync(join(ROOT, source), { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || isTest(entry.name) || entry.name.endsWith('.d.ts')) continue;
    const from = join(entry.parentPath, entry.name);
    const to = join(ROOT, out, relative(join(ROOT, source), from));
    mkdirSync(dirname(to), { recursive: true });
    if (entry.name.endsWith('.ts')) compile(from, to.replace(/\.ts$/, '.js'));
    else copyFileSync(from, to);
    files += 1;
  }
}
console.log(`compiled ${files} files`);
