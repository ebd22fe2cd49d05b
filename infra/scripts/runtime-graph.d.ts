/** The repository's root folder. */
export const ROOT: string;
/** The apps deployed as services: the folder names under apps/ that hold a project.json. */
export function apps(): string[];
/** The app and lib folders (`apps/plans`, `libs/auth`, ...) that hold a project.json. */
export function projectRoots(): string[];
/** Every lib a project (`apps/plans`, `libs/subgraph`) needs at run time, itself excluded, sorted. */
export function runtimeLibs(projectRoot: string): string[];
/** A project folder's TypeScript files that run in production (no spec files, no test folders). */
export function runtimeSources(dir: string): Generator<string>;
/** `path` relative to the repository's root. */
export function relativeToRoot(path: string): string;
