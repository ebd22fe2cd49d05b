import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';

// The error catalogue is code: every `defineErrorCodes(owner, { Name: { code, meaning, extensions } })` call under
// apps/*/src and libs/*/src. This module reads those calls without running them (a library may not import an app,
// and nothing here should boot a service) and finds every place the source throws or compares a code, so that
// one test can hold the two together and one generator can publish the catalogue as docs/errors.md.

/** A code as its catalogue defines it, with where. */
export interface CatalogueEntry {
  code: string;
  meaning: string;
  /** Extensions by name, with what each holds. */
  extensions: Record<string, string>;
  /** The services that may answer with it: the feature's service, or what a shared definition says. */
  raisedBy: string;
  /** The `defineErrorCodes` owner, e.g. `@emergency/graphql` or `incidents/fund`. */
  owner: string;
  /** The name the catalogue is exported under, e.g. `CommonErrorCode`. */
  catalogue: string;
  /** The entry's name in its catalogue, e.g. `NotFound`. */
  name: string;
  file: string;
  line: number;
}

/** A place the source raises (or tests for) a code. */
export interface CodeUse {
  code: string;
  file: string;
  line: number;
  /** The extensions given with it there, where the source spells them out. */
  extensions: string[];
}

export interface ErrorCodeScan {
  entries: CatalogueEntry[];
  uses: CodeUse[];
  /** Everything that breaks the rules, one sentence each, naming the file and line. */
  problems: string[];
}

/** A source file by its path from the repository root (with `/`) and its text. */
export interface SourceFile {
  path: string;
  text: string;
}

/**
 * Files that read codes but sit below libs/graphql in the dependency graph (libs/graphql imports them), so they
 * cannot import the catalogue: they may spell a catalogued code out. Codes they use must still be catalogued.
 */
export const BELOW_THE_CATALOGUE: Readonly<Record<string, string>> = {
  'libs/observability/src/graphql-plugin.ts':
    'sorts an answer by its codes for metrics; libs/graphql imports it',
};

/** Upper case words joined by `_`, as every code is spelled. */
const CODE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/;
/** Set by Apollo Server from `extensions.http` and removed from the answer: no caller sees it. */
const TRANSPORT_EXTENSIONS = new Set(['code', 'http']);

/**
 * The TypeScript sources the catalogue covers: apps/<app>/src and libs/<lib>/src, without tests (`*.spec.ts`,
 * `test/` folders) or migrations.
 */
export function sourceFiles(root: string): SourceFile[] {
  const files: SourceFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!['node_modules', 'test', 'migrations'].includes(entry.name)) walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.spec.ts') &&
        !entry.name.endsWith('.d.ts')
      ) {
        files.push({ path: relative(root, path).split(sep).join('/'), text: readFileSync(path, 'utf8') });
      }
    }
  };
  for (const top of ['apps', 'libs']) {
    for (const project of readdirSync(join(root, top), { withFileTypes: true })) {
      if (project.isDirectory()) {
        try {
          walk(join(root, top, project.name, 'src'));
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
      }
    }
  }
  return files.sort((a, b) => a.path.localeCompare(b.path));
}

/** The text of a string literal, or of a concatenation of them; undefined for anything computed. */
function literalText(node: ts.Expression): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = literalText(node.left);
    const right = literalText(node.right);
    return left === undefined || right === undefined ? undefined : left + right;
  }
  return undefined;
}

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  return undefined;
}

function isDefineCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isIdentifier(node.expression) &&
    node.expression.text === 'defineErrorCodes'
  );
}

/** The property names an object literal spells out, through `...(cond ? { a } : {})` spreads. */
function objectKeys(node: ts.Expression | undefined): string[] {
  if (!node) return [];
  if (ts.isParenthesizedExpression(node)) return objectKeys(node.expression);
  if (ts.isConditionalExpression(node)) return [...objectKeys(node.whenTrue), ...objectKeys(node.whenFalse)];
  if (!ts.isObjectLiteralExpression(node)) return [];
  return node.properties.flatMap((property) => {
    if (ts.isSpreadAssignment(property)) return objectKeys(property.expression);
    const name = property.name && propertyName(property.name);
    return name ? [name] : [];
  });
}

interface Parsed {
  path: string;
  source: ts.SourceFile;
}

const lineOf = (file: Parsed, node: ts.Node) =>
  file.source.getLineAndCharacterOfPosition(node.getStart(file.source)).line + 1;

/** The service a file belongs to: the app folder for apps, undefined for libraries. */
const appOf = (path: string) => (path.startsWith('apps/') ? path.split('/')[1] : undefined);

function readDefinitions(file: Parsed, problems: string[]): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  const visit = (node: ts.Node) => {
    if (isDefineCall(node)) {
      const where = `${file.path}:${lineOf(file, node)}`;
      const [ownerArg, definitionsArg] = node.arguments;
      const owner = ownerArg && literalText(ownerArg);
      const declaration = node.parent;
      const catalogue =
        ts.isVariableDeclaration(declaration) && ts.isIdentifier(declaration.name)
          ? declaration.name.text
          : undefined;
      if (!owner || !catalogue || !definitionsArg || !ts.isObjectLiteralExpression(definitionsArg)) {
        problems.push(`${where}: defineErrorCodes takes a literal owner and object, assigned to a const`);
        return;
      }
      for (const property of definitionsArg.properties) {
        const at = `${file.path}:${lineOf(file, property)}`;
        if (!ts.isPropertyAssignment(property) || !ts.isObjectLiteralExpression(property.initializer)) {
          problems.push(`${at}: each error code is defined by a literal { code, meaning } object`);
          continue;
        }
        const fields: Record<string, ts.Expression> = {};
        for (const field of property.initializer.properties) {
          const name = field.name && propertyName(field.name);
          if (ts.isPropertyAssignment(field) && name) fields[name] = field.initializer;
        }
        const code = fields.code && literalText(fields.code);
        const meaning = fields.meaning && literalText(fields.meaning);
        const raisedBy = fields.raisedBy && literalText(fields.raisedBy);
        if (!code || !CODE.test(code) || !meaning) {
          problems.push(`${at}: an error code needs a literal UPPER_SNAKE code and a literal meaning`);
          continue;
        }
        const extensions: Record<string, string> = {};
        const listed = fields.extensions;
        if (listed && ts.isObjectLiteralExpression(listed)) {
          for (const extension of listed.properties) {
            const name = extension.name && propertyName(extension.name);
            const text = ts.isPropertyAssignment(extension) ? literalText(extension.initializer) : undefined;
            if (name && text) extensions[name] = text;
            else problems.push(`${at}: the extensions of ${code} are literal name: 'what it holds' pairs`);
          }
        } else if (listed) {
          problems.push(`${at}: the extensions of ${code} are literal name: 'what it holds' pairs`);
        }
        const app = appOf(file.path);
        if (!app && !raisedBy) problems.push(`${at}: ${code} is shared; say who raises it (raisedBy)`);
        entries.push({
          name: propertyName(property.name) ?? '',
          code,
          meaning,
          extensions,
          raisedBy: raisedBy ?? app ?? '',
          owner,
          catalogue,
          file: file.path,
          line: lineOf(file, property),
        });
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file.source);
  return entries;
}

/**
 * Reads the catalogue from `files` and checks the source against it: a code defined twice, a code defined
 * outside `defineErrorCodes` (an `...ErrorCode` enum, an exported constant), a code raised or compared that no
 * catalogue defines, an extension given that its definition does not declare, a catalogued code written out
 * as a string where it is not raised.
 */
export function scanErrorCodes(sources: readonly SourceFile[]): ErrorCodeScan {
  const problems: string[] = [];
  const files: Parsed[] = sources.map(({ path, text }) => ({
    path,
    source: ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS),
  }));
  const entries = files.flatMap((file) => readDefinitions(file, problems));

  const byCode = new Map<string, CatalogueEntry>();
  for (const entry of entries) {
    const first = byCode.get(entry.code);
    if (first) {
      problems.push(
        `${entry.code} is defined twice: ${first.file}:${first.line} and ${entry.file}:${entry.line}; ` +
          'import the first instead',
      );
    } else {
      byCode.set(entry.code, entry);
    }
  }
  /** `CommonErrorCode.NotFound` → `NOT_FOUND`, for every catalogue (their export names are unique). */
  const byReference = new Map(entries.map((e) => [`${e.catalogue}.${e.name}`, e.code]));

  const uses: CodeUse[] = [];
  for (const file of files) {
    const counted = new Set<ts.Node>();
    const codeOf = (node: ts.Expression | undefined): string | undefined => {
      if (!node) return undefined;
      if (ts.isParenthesizedExpression(node)) return codeOf(node.expression);
      const text = literalText(node);
      if (text !== undefined) {
        counted.add(node);
        return CODE.test(text) ? text : undefined;
      }
      if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
        return byReference.get(`${node.expression.text}.${node.name.text}`);
      }
      return undefined;
    };
    const use = (node: ts.Node, code: string | undefined, extensions: string[] = []) => {
      if (code) uses.push({ code, file: file.path, line: lineOf(file, node), extensions });
    };
    const isCodeName = (node: ts.Expression) =>
      (ts.isIdentifier(node) && node.text === 'code') ||
      (ts.isPropertyAccessExpression(node) && node.name.text === 'code');

    const visit = (node: ts.Node): void => {
      if (isDefineCall(node)) return;
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
        const name = node.expression.text;
        const [first, , details] = node.arguments ?? [];
        if (name === 'DomainError' || name.endsWith('Exception')) {
          const code = codeOf(first);
          if (code) use(node, code, objectKeys(details));
          else {
            problems.push(
              `${file.path}:${lineOf(file, node)}: new ${name} takes its code from a catalogue ` +
                '(XErrorCode.Name), so the check can see which code it is',
            );
          }
        }
      } else if (ts.isPropertyAssignment(node) && propertyName(node.name) === 'code') {
        const code = codeOf(node.initializer);
        const siblings = ts.isObjectLiteralExpression(node.parent) ? objectKeys(node.parent) : [];
        use(
          node,
          code,
          siblings.filter((key) => !TRANSPORT_EXTENSIONS.has(key)),
        );
      } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === 'code') {
        use(node, codeOf(node.initializer));
      } else if (ts.isBinaryExpression(node)) {
        const operator = node.operatorToken.kind;
        if (operator === ts.SyntaxKind.EqualsToken && isCodeName(node.left)) use(node, codeOf(node.right));
        const comparison = [
          ts.SyntaxKind.EqualsEqualsEqualsToken,
          ts.SyntaxKind.ExclamationEqualsEqualsToken,
        ].includes(operator);
        if (comparison && isCodeName(node.left)) use(node, codeOf(node.right));
        if (comparison && isCodeName(node.right)) use(node, codeOf(node.left));
      } else if (ts.isEnumDeclaration(node) && node.name.text.endsWith('ErrorCode')) {
        for (const member of node.members) {
          const text = member.initializer && literalText(member.initializer);
          if (text && CODE.test(text)) {
            if (member.initializer) counted.add(member.initializer);
            problems.push(
              `${file.path}:${lineOf(file, member)}: ${text} is defined in the enum ${node.name.text}; ` +
                'define codes with defineErrorCodes (and import a code defined elsewhere)',
            );
          }
        }
      } else if (
        ts.isVariableStatement(node) &&
        node.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
      ) {
        for (const declaration of node.declarationList.declarations) {
          const text = declaration.initializer && literalText(declaration.initializer);
          if (text && byCode.has(text) && declaration.initializer) {
            counted.add(declaration.initializer);
            problems.push(
              `${file.path}:${lineOf(file, declaration)}: the error code ${text} is exported as a constant; ` +
                `import it from ${byCode.get(text)!.catalogue} instead`,
            );
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file.source);

    // A catalogued code spelled out anywhere else is a second definition waiting to drift from the first.
    const strays = (node: ts.Node): void => {
      if (isDefineCall(node)) return;
      if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && !counted.has(node)) {
        const entry = byCode.get(node.text);
        if (entry && !(file.path in BELOW_THE_CATALOGUE) && !ts.isLiteralTypeNode(node.parent)) {
          problems.push(
            `${file.path}:${lineOf(file, node)}: the error code ${node.text} is written out; ` +
              `use ${entry.catalogue}.${entry.name}`,
          );
        }
      }
      ts.forEachChild(node, strays);
    };
    strays(file.source);
  }

  for (const found of uses) {
    const entry = byCode.get(found.code);
    if (!entry) {
      problems.push(
        `${found.file}:${found.line}: ${found.code} is raised or tested but no catalogue defines it`,
      );
      continue;
    }
    for (const extension of found.extensions) {
      if (!(extension in entry.extensions)) {
        problems.push(
          `${found.file}:${found.line}: ${found.code} carries the extension ${extension}, ` +
            `which its definition (${entry.file}:${entry.line}) does not declare`,
        );
      }
    }
  }
  return { entries: [...byCode.values()].sort((a, b) => a.code.localeCompare(b.code)), uses, problems };
}
